/**
 * npm run report -- [--json] [--basis framework|tags] [--frameworks a,b] [--from D] [--to D]
 *                   [--granularity G] [--task T] [--library L] [--author A]
 *
 * The overview's figures straight from the database (DATABASE_PATH), without the web server,
 * through the same query functions the pages use: per framework the model count and share, the
 * exclusive groups of the first two frameworks (PyTorch-only / TensorFlow-only / both / neither by
 * default), download shares (all and exclusive), the top 1% of models' share of downloads, the
 * models with zero downloads, and new models per framework per creation quarter and month. The
 * flags are the dashboard's URL parameters, parsed by the same parser (lib/url-state.ts).
 * `--basis` picks the lens (the framework a model is for, the default; or its weight-file tags):
 * the --json shape is the same for both (row ids from the lens's list, `filters.basis` set), plus
 * `rules`, the live counts of the framework rules.
 */
import { openSqlite } from "../db/index";
import { ConfigError, databasePath } from "../lib/env";
import { EXIT, parseFlags, UsageError } from "../lib/cli/args";
import { lensFrameworks } from "../lib/frameworks/lenses";
import { getRuleCounts, type RuleCounts } from "../lib/queries/rules";
import { parseViewState, toSearchParams, DEFAULT_VIEW, type ViewState } from "../lib/url-state";
import { getExclusiveTotals, type ExclusiveTotals } from "../lib/queries/exclusive-totals";
import { getFrameworkStats, type FrameworkStats } from "../lib/queries/framework-stats";
import { getModelsByPeriod } from "../lib/queries/models-by-period";
import { makeCtx } from "../lib/queries/context";
import { getDownloadConcentration, type Concentration } from "../lib/queries/concentration";
import { formatFull, formatPercent } from "../lib/charts/format";
import type { ChartData } from "../lib/charts/types";

const HELP = `Usage: npm run report -- [--json] [filters]

Prints the overview's figures from the database (DATABASE_PATH, default data/hf-trends.db).

Filters (the dashboard's URL parameters):
  --basis framework|tags the lens: the framework a model is for (default, inferred by the rules of
                         lib/frameworks/rules.ts) or the weight files its Hub tags describe
  --frameworks a,b,...   frameworks to report (default: every one of the lens); the first two
                         make the exclusive view (default pytorch, tensorflow)
  --from YYYY-MM-DD      creation dates from (whole periods)
  --to YYYY-MM-DD        creation dates to (whole periods)
  --task PIPELINE_TAG    only models with this task
  --library NAME         only models with this library_name
  --author NAME          only this author's models
  --buckets other,none   bucket series in the period tables (default: other,none; "" for none)
  --hide a,b             series left out of the period tables
  --json                 one JSON document instead of text
  --help                 this text`;

function parse(argv: string[]): { json: boolean; help: boolean; state: ViewState } {
  const { values } = parseFlags(argv, {
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    basis: { type: "string" },
    frameworks: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    task: { type: "string" },
    library: { type: "string" },
    author: { type: "string" },
    buckets: { type: "string" },
    hide: { type: "string" },
  });
  const params = new URLSearchParams();
  // The report lists every bucket unless asked otherwise (the dashboard's charts opt in to them).
  params.set("buckets", "other,none");
  for (const k of ["basis", "frameworks", "from", "to", "task", "library", "author", "buckets", "hide"] as const) {
    if (values[k] !== undefined) params.set(k, values[k] as string);
  }
  const parsed = parseViewState(params);
  if (!parsed.ok) throw new UsageError(`--${parsed.error.param}: ${parsed.error.message}`);
  const state = parsed.value;
  // The report covers every framework unless asked otherwise; pytorch and tensorflow stay first.
  if (values.frameworks === undefined) {
    const first = ["pytorch", "tensorflow"];
    state.frameworks = [...first, ...lensFrameworks(state.basis).map((f) => f.id).filter((id) => !first.includes(id))];
  } else {
    state.frameworks = values.frameworks.split(",").map((s) => s.trim()).filter(Boolean);
  }
  return { json: !!values.json, help: !!values.help, state };
}

interface Report {
  database: string;
  dataAsOf: string | null;
  lastFullCrawlId: number | null;
  filters: Record<string, string>;
  frameworks: FrameworkStats;
  exclusive: ExclusiveTotals & { modelShares: (number | null)[]; downloadShares: (number | null)[] };
  concentration: Concentration | null;
  newModelsByQuarter: { periods: string[]; series: { id: string; label: string; values: (number | null)[] }[] };
  newModelsByMonth: { periods: string[]; series: { id: string; label: string; values: (number | null)[] }[] };
  notes: string[];
  /** Live counts of the framework rules (the same in both lenses). */
  rules: RuleCounts;
}

function periodTable(c: ChartData, hide: readonly string[] = []) {
  return { periods: c.x, series: c.series.filter((s) => !hide.includes(s.id)).map((s) => ({ id: s.id, label: s.label, values: s.values })) };
}

function build(state: ViewState): Report {
  const file = databasePath();
  const sqlite = openSqlite(file, { readonly: true, migrate: false });
  try {
    const ctx = makeCtx(sqlite, state);
    const stats = getFrameworkStats(ctx, state.frameworks);
    const ex = getExclusiveTotals(ctx);
    const tm = ex.models.reduce((a, b) => a + b, 0);
    const td = ex.downloads30d.reduce((a, b) => a + b, 0);
    // The whole range (charts start at the first meaningful period; the report does not).
    const quarter = getModelsByPeriod(makeCtx(sqlite, { ...state, granularity: "quarter" }), { view: "new", share: false, wholeRange: true });
    const month = getModelsByPeriod(makeCtx(sqlite, { ...state, granularity: "month" }), { view: "new", share: false, wholeRange: true });
    const q = toSearchParams({ ...state, frameworks: DEFAULT_VIEW.frameworks.slice() });
    return {
      database: file,
      dataAsOf: ctx.status.lastFull?.finishedAt ? new Date(ctx.status.lastFull.finishedAt).toISOString() : null,
      lastFullCrawlId: ctx.status.lastFull?.id ?? null,
      filters: { ...Object.fromEntries(q), basis: state.basis },
      frameworks: stats,
      exclusive: { ...ex, modelShares: ex.models.map((n) => (tm ? (100 * n) / tm : null)), downloadShares: ex.downloads30d.map((n) => (td ? (100 * n) / td : null)) },
      concentration: getDownloadConcentration(ctx),
      newModelsByQuarter: periodTable(quarter, state.hide),
      newModelsByMonth: periodTable(month, state.hide),
      rules: getRuleCounts(ctx),
      notes: [
        state.basis === "framework"
          ? "Basis framework: the framework a model is for, inferred from its format tags and library_name (docs/methodology.md); none = Undetermined."
          : "Basis tags: the weight files the Hub's tags describe (the pytorch tag = .bin / .pt files; safetensors is a format, not a framework).",
        "Models: alive at the latest crawl, created in the range; a model counts for every framework it carries (shares add up to more than 100%).",
        "Downloads: the Hub's rolling 30-day count per repo, attributed to every framework the repo carries; GGUF files count per file.",
        ...(quarter.note ? [quarter.note] : []),
        ...quarter.caveats.filter((c) => c.includes("2022-03")),
      ],
    };
  } finally {
    sqlite.close();
  }
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function text(r: Report): string {
  const out: string[] = [];
  out.push(`hf-trends report · ${r.database}`);
  out.push(`data as of ${r.dataAsOf ?? "(no completed full crawl)"} (full crawl #${r.lastFullCrawlId ?? "-"})${Object.keys(r.filters).length ? ` · filters ${new URLSearchParams(r.filters).toString()}` : ""}`);
  out.push("");
  out.push("Models and 30-day downloads per framework");
  out.push(`${pad("framework", 22)}${pad("models", 12, true)}${pad("share", 9, true)}${pad("downloads 30d", 16, true)}${pad("share", 9, true)}`);
  for (const f of [...r.frameworks.rows, { label: "All models", models: r.frameworks.total.models, share: 100, downloads30d: r.frameworks.total.downloads30d, downloadShare: 100 }]) {
    out.push(`${pad(f.label, 22)}${pad(formatFull(f.models), 12, true)}${pad(formatPercent(f.share), 9, true)}${pad(formatFull(f.downloads30d), 16, true)}${pad(formatPercent(f.downloadShare), 9, true)}`);
  }
  out.push("");
  out.push(`Exclusive view (${r.exclusive.pair.join(" vs ")})`);
  r.exclusive.labels.forEach((l, i) => {
    out.push(`${pad(l, 48)}${pad(formatFull(r.exclusive.models[i]), 12, true)} models ${pad(formatPercent(r.exclusive.modelShares[i]), 8, true)}   ${pad(formatFull(r.exclusive.downloads30d[i]), 14, true)} downloads ${pad(formatPercent(r.exclusive.downloadShares[i]), 8, true)}`);
  });
  out.push("");
  const c = r.concentration;
  out.push(c ? `Downloads concentration at full crawl #${c.crawlId}: the top 1% (${formatFull(c.topModels)} of ${formatFull(c.models)} models) take ${formatPercent(c.topShare)} of 30-day downloads; ${formatFull(c.zeroDownloadModels)} models have zero downloads.` : "Downloads concentration: no completed full crawl.");
  for (const [title, t] of [["New models per framework per creation quarter", r.newModelsByQuarter], ["New models per framework per creation month", r.newModelsByMonth]] as const) {
    out.push("");
    out.push(title);
    const cols = t.series;
    out.push(`${pad("period", 12)}${cols.map((s) => pad(s.id.slice(0, 11), 12, true)).join("")}`);
    t.periods.forEach((p, i) => out.push(`${pad(p, 12)}${cols.map((s) => pad(formatFull(s.values[i]), 12, true)).join("")}`));
  }
  out.push("");
  out.push(`Framework rules (models alive now: ${formatFull(r.rules.total)}; undetermined: ${formatFull(r.rules.undetermined.framework)} in the framework lens, ${formatFull(r.rules.undetermined.tags)} without a weight tag)`);
  for (const rule of r.rules.rules) out.push(`${pad(rule.id, 26)}${pad(rule.framework, 14)}${pad(formatFull(rule.places), 12, true)} placed ${pad(formatFull(rule.matches), 12, true)} matched`);
  out.push("");
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join("\n") + "\n";
}

function main(): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`report: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(HELP + "\n");
    return EXIT.ok;
  }
  const report = build(args.state);
  process.stdout.write(args.json ? JSON.stringify(report, null, 2) + "\n" : text(report));
  return EXIT.ok;
}

try {
  process.exit(main());
} catch (err) {
  process.stderr.write(`report: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? EXIT.usage : EXIT.failed);
}

/**
 * Every figure of the overview equals a direct SQL recount on the same database (the models and
 * snapshots tables, not the rollups), for the unfiltered view and for task, library and author
 * filters. The database is built through the real path: fake Hub, crawls across days, backfill.
 * The author sizes that get author rollups are lowered (and the rollups rewritten, as the last
 * crawl's pass would) so that the largest author reads rollups and a smaller one its models.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { bitOf } from "../../lib/frameworks/classify";
import { attributeSql } from "../../lib/frameworks/rules";
import { parseViewState, type ViewState } from "../../lib/url-state";
import { getCumulativeModelsByPeriod, getModelShareByPeriod, getNewModelsByPeriod } from "../../lib/queries/models-by-period";
import { getDownloadsByCrawl } from "../../lib/queries/downloads-by-crawl";
import { getExclusiveByPeriod } from "../../lib/queries/exclusive-by-period";
import { getExclusiveDownloadsByCrawl } from "../../lib/queries/exclusive-downloads-by-crawl";
import { getFrameworkStats } from "../../lib/queries/framework-stats";
import { getHeadline } from "../../lib/queries/headline";
import { getMainChart } from "../../lib/queries/main-chart";
import { getTaskMatrix } from "../../lib/queries/frameworks-by-task";
import { makeCtx } from "../../lib/queries/context";
import { clearQueryCache } from "../../lib/queries/cache";
import { nextPeriod, periodEnd } from "../../lib/charts/periods";
import { MIN_SHARE_BASE } from "../../lib/charts/series";
import type { ChartData } from "../../lib/charts/types";
import { refreshCohortRollups, writeCrawlRollup } from "../../lib/rollups/rollups";
import { seededDb } from "../helpers/seeded";

let sqlite: Sqlite;
/** Values of the @big, @small, @bigtask, @biglib placeholders of the views below. */
const names: Record<string, string> = {};

beforeAll(async () => {
  // No tfjs files pass: it changes masks after the crawls, and the per-crawl rollups keep the mask
  // each crawl saw (a recount from today's masks would differ for the confirmed repos).
  const { file } = await seededDb({ files: false });
  const rw = openSqlite(file);
  const authors = rw.prepare("SELECT author, count(*) AS n FROM models WHERE gone_since_crawl IS NULL AND author IS NOT NULL GROUP BY author ORDER BY n DESC, author").all() as { author: string; n: number }[];
  names.big = authors[0].author;
  names.small = authors[4].author;
  const top = (col: string) => rw.prepare(`SELECT ${col} FROM models WHERE author = ? AND ${col} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).pluck().get(names.big) as string;
  names.bigtask = top("pipeline_tag");
  names.biglib = top("library_name");
  // Only the largest author is large; every crawl before the last is rebuilt for it from the snapshots.
  const authorMinModels = { crawls: authors[1].n + 1, cohorts: authors[1].n + 1 };
  const fulls = rw.prepare("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' ORDER BY id DESC LIMIT 2").pluck().all() as number[];
  writeCrawlRollup(rw, fulls[0], fulls[1], { authorMinModels });
  refreshCohortRollups(rw, rw.prepare("SELECT crawl_id FROM rollup_cohorts LIMIT 1").pluck().get() as number, { authorMinModels });
  rw.close();
  sqlite = openSqlite(file, { readonly: true, migrate: false });
}, 120_000);
afterAll(() => sqlite?.close());

/**
 * The recounts check every series, so the views opt in to the bucket series (charts draw only the
 * picked frameworks by default; "default series" below checks that).
 */
function state(q: string, buckets = "other,none,neither"): ViewState {
  const full = buckets && !q.includes("buckets=") ? `${q ? `${q}&` : ""}buckets=${buckets}` : q;
  const r = parseViewState(new URLSearchParams(full.replace(/@(\w+)/g, (_, k: string) => encodeURIComponent(names[k]))));
  if (!r.ok) throw r.error;
  return r.value;
}

// ---- independent recounts (plain SQL over models / model_snapshots) ----

const TIME = "COALESCE(CASE WHEN m.true_created_source IN ('initial-commit','oldest-commit') THEN m.true_created_at END, m.created_at)";
const UNDATED = "(m.created_at_is_floor = 1 AND (m.true_created_source IS NULL OR m.true_created_source NOT IN ('initial-commit','oldest-commit')))";

function filterSql(s: ViewState): { where: string; params: Record<string, unknown> } {
  const w = ["m.gone_since_crawl IS NULL"];
  if (s.task !== null) w.push("COALESCE(m.pipeline_tag, '') = @task");
  if (s.library !== null) w.push("m.library_name = @library");
  if (s.author !== null) w.push("m.author = @author");
  return { where: w.join(" AND "), params: { task: s.task, library: s.library, author: s.author } };
}

/** A models row's mask in the view's lens: the stored tag mask, or the rules' attribution of it (as SQL). */
const FW_SQL = attributeSql("m.framework_mask", "m.library_name");
function maskOfLens(s: ViewState): string {
  return s.basis === "framework" ? FW_SQL : "m.framework_mask";
}

/** Series condition on the mask for a series id of the view. */
function seriesCond(id: string, s: ViewState): string {
  const sel = s.frameworks.reduce((m, f) => m | bitOf(f), 0);
  const M = maskOfLens(s);
  if (id === "none") return `${M} = 0`;
  if (id === "other") return `${M} != 0 AND (${M} & ${sel}) = 0`;
  if (id === "total") return "1";
  return `(${M} & ${bitOf(id)}) != 0`;
}

function countCreated(s: ViewState, cond: string, fromDate: string | null, toExclusive: string, includeUndated: boolean): number {
  const f = filterSql(s);
  const time = `date(${TIME}, 'unixepoch')`;
  const dated = `NOT ${UNDATED} AND ${time} < @to ${fromDate ? `AND ${time} >= @from` : ""}`;
  const sql = `SELECT count(*) AS n FROM models m WHERE ${f.where} AND ${cond} AND ((${dated}) ${includeUndated ? `OR ${UNDATED}` : ""})`;
  return (sqlite.prepare(sql).get({ ...f.params, from: fromDate, to: toExclusive }) as { n: number }).n;
}

function newPerPeriod(s: ViewState, id: string, periods: string[]): number[] {
  return periods.map((p) => countCreated(s, seriesCond(id, s), p, nextPeriod(p, s.granularity), false));
}

function fullCrawls(): number[] {
  return (sqlite.prepare("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
}

/** Sum of a snapshot column at crawl c over the models that crawl listed. */
function atCrawl(s: ViewState, cond: string, c: number, col: "downloads_30d" | "downloads_all_time"): number {
  const f = filterSql({ ...s });
  const where = f.where.replace("m.gone_since_crawl IS NULL", "m.first_seen_crawl <= @c AND (m.gone_since_crawl IS NULL OR m.gone_since_crawl > @c)");
  const sql = `SELECT COALESCE(sum(s.${col}), 0) AS n FROM models m JOIN model_snapshots s ON s.model_id = m.id
    WHERE ${where} AND ${cond}
      AND s.crawl_id = (SELECT max(crawl_id) FROM model_snapshots WHERE model_id = m.id AND crawl_id <= @c)`;
  return (sqlite.prepare(sql).get({ ...f.params, c }) as { n: number }).n;
}

function betweenCrawls(s: ViewState, cond: string, c: number, prev: number): number {
  const f = filterSql(s);
  const where = f.where.replace("m.gone_since_crawl IS NULL", "m.first_seen_crawl <= @c AND (m.gone_since_crawl IS NULL OR m.gone_since_crawl > @c)");
  const sql = `SELECT COALESCE(sum(max(0, s.downloads_all_time - COALESCE(
        (SELECT p.downloads_all_time FROM model_snapshots p WHERE p.model_id = m.id AND p.crawl_id <= @prev ORDER BY p.crawl_id DESC LIMIT 1), 0))), 0) AS n
    FROM models m JOIN model_snapshots s ON s.model_id = m.id
    WHERE ${where} AND ${cond}
      AND s.crawl_id = (SELECT max(crawl_id) FROM model_snapshots WHERE model_id = m.id AND crawl_id <= @c)`;
  return (sqlite.prepare(sql).get({ ...f.params, c, prev }) as { n: number }).n;
}

function startedAt(c: number): number {
  return (sqlite.prepare("SELECT started_at AS t FROM crawls WHERE id = ?").get(c) as { t: number }).t;
}

function values(chart: ChartData, id: string): (number | null)[] {
  const s = chart.series.find((x) => x.id === id);
  if (!s) throw new Error(`no series ${id} in ${chart.id}`);
  return s.values;
}

const VIEWS = [
  "",
  "granularity=week",
  "granularity=quarter&from=2023-01-01",
  "task=text-generation",
  "basis=tags&library=transformers&frameworks=pytorch,tensorflow,safetensors",
  "library=transformers&task=text-generation",
  "basis=tags&frameworks=gguf,safetensors,pytorch&from=2025-06-01&to=2026-09-30",
  "frameworks=gguf,mlx,pytorch,onnx&from=2025-06-01&to=2026-09-30",
  "basis=tags",
  "basis=tags&granularity=week",
  // The largest author reads its rollups; with a task by week or with a library, its models.
  "author=@big",
  "author=@big&granularity=week&from=2024-01-01",
  "author=@big&task=@bigtask&granularity=quarter",
  "author=@big&task=@bigtask&granularity=week",
  "author=@big&library=@biglib",
  // A smaller author reads its models (and their snapshots).
  "author=@small",
  "author=@small&granularity=week",
  // The tag lens of the largest author reads its author rollups (the framework lens reads its models).
  "basis=tags&author=@big",
  "basis=tags&author=@big&granularity=week&from=2024-01-01",
  "basis=tags&author=@small",
];

describe("which source the author views read", () => {
  test("the largest author has cohort and per-crawl rollups, the smaller one has none", () => {
    const rows = (sql: string, a: string) => (sqlite.prepare(sql).all(a) as unknown[]).length;
    expect(rows("SELECT 1 FROM rollup_author_cohort_masks WHERE author = ?", names.big)).toBeGreaterThan(0);
    expect(rows("SELECT 1 FROM rollup_author_tasks WHERE author = ?", names.big)).toBeGreaterThan(0);
    expect(rows("SELECT DISTINCT crawl_id FROM rollup_crawl_authors WHERE author = ?", names.big)).toBe(fullCrawls().length);
    for (const t of ["rollup_author_cohort_masks", "rollup_author_tasks", "rollup_crawl_authors"]) {
      expect(rows(`SELECT 1 FROM ${t} WHERE author = ?`, names.small), t).toBe(0);
    }
  });
});

describe.each(VIEWS)("view ?%s", (q) => {
  test("new models per period, their share and the cumulative stock equal a recount", () => {
    clearQueryCache();
    const s = state(q);
    const ctx = makeCtx(sqlite, s);
    const chart = getNewModelsByPeriod(ctx);
    expect(chart.empty).toBeNull();
    expect(chart.x.length).toBeGreaterThan(0);
    const share = getModelShareByPeriod(ctx);
    const cum = getCumulativeModelsByPeriod(ctx);
    const totals = newPerPeriod(s, "total", chart.x);
    for (const id of [...s.frameworks, "other", "none"]) {
      const expected = newPerPeriod(s, id, chart.x);
      expect(values(chart, id), id).toEqual(expected);
      // A share needs a base of MIN_SHARE_BASE models; below it the period is a gap.
      expect(values(share, id), id).toEqual(expected.map((n, i) => (totals[i] >= MIN_SHARE_BASE ? (100 * n) / totals[i] : null)));
      // Cumulative: everything created before the end of the period, undated legacy repos included.
      const last = chart.x.length - 1;
      const stock = countCreated(s, seriesCond(id, s), null, nextPeriod(chart.x[last], s.granularity), true);
      expect(values(cum, id)[last], id).toBe(stock);
    }
  });

  test("downloads across crawls (30-day, all-time, between crawls) equal a recount from the snapshots", () => {
    const s = state(q);
    const ctx = makeCtx(sqlite, s);
    const d30 = getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false });
    const all = getDownloadsByCrawl(ctx, { measure: "downloadsAllTime", share: false });
    const between = getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false });
    const share = getDownloadsByCrawl(ctx, { measure: "downloads30d", share: true });
    const crawls = fullCrawls().filter((c) => d30.x.includes(String(c)));
    if (s.to !== null && s.to < "2026-11-01") {
      // The range ends before the first crawl: nothing to show, and the chart says why.
      expect(crawls).toEqual([]);
      expect(d30.empty).toMatch(/No model matches/);
      return;
    }
    expect(crawls.length).toBeGreaterThan(0);
    const all_ = fullCrawls();
    for (const id of [...s.frameworks, "other", "none"]) {
      const cond = seriesCond(id, s);
      expect(values(d30, id), id).toEqual(crawls.map((c) => atCrawl(s, cond, c, "downloads_30d")));
      expect(values(all, id), id).toEqual(crawls.map((c) => atCrawl(s, cond, c, "downloads_all_time")));
      expect(values(between, id), id).toEqual(
        crawls.map((c) => {
          const k = all_.indexOf(c);
          // Per day of the interval between the two crawls.
          return k === 0 ? null : betweenCrawls(s, cond, c, all_[k - 1]) / ((startedAt(c) - startedAt(all_[k - 1])) / 86_400_000);
        }),
      );
      expect(values(share, id), id).toEqual(
        crawls.map((c) => {
          const t = atCrawl(s, "1", c, "downloads_30d");
          return t ? (100 * atCrawl(s, cond, c, "downloads_30d")) / t : null;
        }),
      );
    }
  });

  test("exclusive groups by cohort and by downloads equal a recount and add up to the total", () => {
    const s = state(q);
    const ctx = makeCtx(sqlite, s);
    const [a, b] = [s.frameworks[0], s.frameworks[1]];
    const A = `(${maskOfLens(s)} & ${bitOf(a)}) != 0`;
    const B = `(${maskOfLens(s)} & ${bitOf(b)}) != 0`;
    const conds: Record<string, string> = {
      [`only:${a}`]: `${A} AND NOT ${B}`,
      [`only:${b}`]: `${B} AND NOT ${A}`,
      both: `${A} AND ${B}`,
      neither: `NOT ${A} AND NOT ${B}`,
    };
    const byCohort = getExclusiveByPeriod(ctx, { view: "new", share: false });
    const byDownloads = getExclusiveDownloadsByCrawl(ctx, { share: false });
    const crawls = fullCrawls().filter((c) => byDownloads.x.includes(String(c)));
    for (const [id, cond] of Object.entries(conds)) {
      expect(values(byCohort, id), id).toEqual(byCohort.x.map((p) => countCreated(s, cond, p, nextPeriod(p, s.granularity), false)));
      if (crawls.length) expect(values(byDownloads, id), id).toEqual(crawls.map((c) => atCrawl(s, cond, c, "downloads_30d")));
    }
    const totals = newPerPeriod(s, "total", byCohort.x);
    byCohort.x.forEach((_, i) => expect(byCohort.series.reduce((t, x) => t + (x.values[i] ?? 0), 0)).toBe(totals[i]));
  });

  test("the stats table and the framework x task matrix equal a recount", () => {
    const s = state(q);
    const ctx = makeCtx(sqlite, s);
    const stats = getFrameworkStats(ctx);
    const f = filterSql(s);
    const g = s.granularity;
    const from = s.from ? (g === "week" ? null : null) : null;
    void from;
    const frame = getNewModelsByPeriod(ctx);
    // Range = whole periods holding from..to (the incomplete one included); open start = everything.
    const rangeStart = s.from ? frame.x[0] ?? null : null;
    const rangeEnd = s.to ? nextPeriod(frame.x[frame.x.length - 1], g) : "9999-12-31";
    for (const row of stats.rows) {
      const cond = seriesCond(row.id, s);
      expect(row.models, row.id).toBe(countCreated(s, cond, rangeStart, rangeEnd, rangeStart === null));
      const lp = frame.x[frame.x.length - 1];
      expect(row.lastPeriod, row.id).toBe(countCreated(s, cond, lp, nextPeriod(lp, g), false));
    }
    const dl = (cond: string) =>
      (sqlite.prepare(`SELECT COALESCE(sum(m.downloads_30d), 0) AS n FROM models m WHERE ${f.where} AND ${cond} AND (
        (NOT ${UNDATED} AND date(${TIME}, 'unixepoch') < @to ${rangeStart ? "AND date(" + TIME + ", 'unixepoch') >= @from" : ""}) ${rangeStart === null ? `OR ${UNDATED}` : ""})`).get({ ...f.params, from: rangeStart, to: rangeEnd }) as { n: number }).n;
    for (const row of stats.rows) expect(row.downloads30d, row.id).toBe(dl(seriesCond(row.id, s)));
    expect(stats.total.models).toBe(countCreated(s, "1", rangeStart, rangeEnd, rangeStart === null));

    const matrix = getTaskMatrix(ctx);
    const monthStart = s.from ? s.from.slice(0, 8) + "01" : null;
    const monthEnd = s.to ? nextPeriod(s.to.slice(0, 8) + "01", "month") : "9999-12-31";
    for (const [ti, t] of matrix.tasks.entries()) {
      const st = { ...s, task: t.task };
      matrix.ids.forEach((id, j) => {
        expect(matrix.models[ti][j], `${t.task}/${id}`).toBe(countCreated(st, seriesCond(id, s), monthStart, monthEnd, monthStart === null));
      });
    }
  });
});

describe("author filter (reads the author's models through their index)", () => {
  test("cohorts and crawls for the most prolific author equal a recount", () => {
    const author = (sqlite.prepare("SELECT author FROM models WHERE gone_since_crawl IS NULL GROUP BY author ORDER BY count(*) DESC LIMIT 1").get() as { author: string }).author;
    const s = state(`basis=tags&author=${encodeURIComponent(author)}&frameworks=safetensors,gguf,pytorch`);
    const ctx = makeCtx(sqlite, s);
    const chart = getNewModelsByPeriod(ctx);
    const d30 = getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false });
    const between = getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false });
    const crawls = fullCrawls().filter((c) => d30.x.includes(String(c)));
    const all_ = fullCrawls();
    for (const id of [...s.frameworks, "other", "none"]) {
      expect(values(chart, id)).toEqual(newPerPeriod(s, id, chart.x));
      expect(values(d30, id)).toEqual(crawls.map((c) => atCrawl(s, seriesCond(id, s), c, "downloads_30d")));
      expect(values(between, id)).toEqual(crawls.map((c) => {
        const k = all_.indexOf(c);
        return k === 0 ? null : betweenCrawls(s, seriesCond(id, s), c, all_[k - 1]) / ((startedAt(c) - startedAt(all_[k - 1])) / 86_400_000);
      }));
    }
  });
});

describe("period framing", () => {
  test("the incomplete last period is left out and the note says so", () => {
    const ctx = makeCtx(sqlite, state(""));
    const chart = getNewModelsByPeriod(ctx);
    const asOf = ctx.status.asOfDate!;
    expect(chart.x[chart.x.length - 1] < asOf.slice(0, 8) + "01").toBe(true);
    expect(periodEnd(chart.x[chart.x.length - 1], "month") < asOf).toBe(true);
    expect(chart.note).toMatch(/November 2026 is left out: it is not over yet/);
  });

  test("the main chart follows lens, view and mode", () => {
    const main = (q: string) => getMainChart(makeCtx(sqlite, state(q)));
    expect(main("").id).toBe("new-models");
    expect(main("mode=share").id).toBe("share");
    expect(main("view=cumulative").id).toBe("cumulative");
    expect(main("lens=downloads").id).toBe("downloads-between");
    expect(main("lens=downloads&view=cumulative&mode=share").id).toBe("downloads-alltime-share");
    expect(main("lens=exclusive&scale=log").log).toBe(true);
  });

  test("the headline's numbers are the last 12 complete months and the 12 before", () => {
    const s = state("");
    const parts = getHeadline(makeCtx(sqlite, s));
    const nums = parts.filter((p) => p.href).map((p) => p.text);
    const asOf = makeCtx(sqlite, s).status.asOfDate!;
    const end = asOf.slice(0, 8) + "01";
    const start = `${+end.slice(0, 4) - 1}${end.slice(4)}`;
    const total = countCreated(s, "1", start, end, false);
    expect(nums[0]).toBe(total.toLocaleString("en-US"));
    const py = countCreated(s, seriesCond("pytorch", s), start, end, false);
    expect(Number(nums[1].replace("%", ""))).toBeCloseTo((100 * py) / total, 1);
  });
});

describe("framework pages, models, search and concentration", () => {
  test("top models by downloads and likes equal ORDER BY ... LIMIT on models", async () => {
    const { getTopModels } = await import("../../lib/queries/frameworks");
    for (const [basis, fw] of [["tags", "all"], ["tags", "none"], ["tags", "pytorch"], ["tags", "gguf"], ["tags", "safetensors"], ["framework", "none"], ["framework", "pytorch"], ["framework", "mlx"]] as const) {
      const ctx = makeCtx(sqlite, state(`basis=${basis}`));
      const M = basis === "framework" ? FW_SQL : "m.framework_mask";
      const cond = fw === "all" ? "1" : fw === "none" ? `${M} = 0` : `(${M} & ${bitOf(fw)}) != 0`;
      for (const [measure, col] of [["downloads", "downloads_30d"], ["likes", "likes"]] as const) {
        const want = sqlite
          .prepare(`SELECT repo_id FROM models m WHERE gone_since_crawl IS NULL AND ${cond} ORDER BY ${col} DESC, id ASC LIMIT 20`)
          .pluck()
          .all();
        expect(getTopModels(ctx, fw, measure).map((t) => t.repoId), `${fw}/${measure}`).toEqual(want);
      }
    }
  });

  test("co-occurrence equals a recount", async () => {
    const { getCoOccurrence } = await import("../../lib/queries/frameworks");
    const ctx = makeCtx(sqlite, state(""));
    const co = getCoOccurrence(ctx, "pytorch");
    const P = `(${FW_SQL} & ${bitOf("pytorch")}) != 0`;
    expect(co.total).toBe(sqlite.prepare(`SELECT count(*) FROM models m WHERE gone_since_crawl IS NULL AND ${P}`).pluck().get());
    expect(co.rows.length).toBeGreaterThan(0);
    for (const r of co.rows) {
      expect(r.models, r.id).toBe(sqlite.prepare(`SELECT count(*) FROM models m WHERE gone_since_crawl IS NULL AND ${P} AND (${FW_SQL} & ${bitOf(r.id)}) != 0`).pluck().get());
    }
  });

  test("prefix search (under 3 characters) is case-insensitive and equals a scan; model history equals the snapshots", async () => {
    const { searchModels, searchAuthors, getModel, getModelHistory } = await import("../../lib/queries/models");
    const ids = sqlite.prepare("SELECT repo_id FROM models WHERE gone_since_crawl IS NULL").pluck().all() as string[];
    // Two characters: the prefix path (3 or more search substrings: tests/dashboard/search.test.ts).
    const prefix = ids[100].slice(0, 2);
    const want = ids.filter((r) => r.toLowerCase().startsWith(prefix.toLowerCase())).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)).slice(0, 30);
    const got = searchModels(sqlite, prefix.toUpperCase()).map((m) => m.repoId);
    expect(new Set(got)).toEqual(new Set(want));
    const authors = searchAuthors(sqlite, prefix.split("/")[0].toUpperCase().slice(0, 2));
    expect(authors.length).toBeGreaterThan(0);
    for (const a of authors) expect(a.author.toLowerCase().startsWith(prefix.slice(0, 2).toLowerCase())).toBe(true);
    // Counts are the models alive now: the largest author's from rollup_authors, the others' from the index.
    for (const p of [names.big, names.big.slice(0, 2).toUpperCase(), names.small.slice(0, 1), names.small]) {
      const recount = sqlite
        .prepare(
          `SELECT author, count(*) AS models FROM models WHERE gone_since_crawl IS NULL AND author IS NOT NULL
             AND substr(author, 1, ?) = ? COLLATE NOCASE GROUP BY author ORDER BY author COLLATE NOCASE, author LIMIT 20`,
        )
        .all(p.length, p);
      expect(searchAuthors(sqlite, p), p).toEqual(recount);
    }
    expect(searchAuthors(sqlite, names.big)[0]).toMatchObject({ author: names.big });

    const busy = sqlite.prepare("SELECT m.repo_id FROM models m JOIN model_snapshots s ON s.model_id = m.id GROUP BY m.id ORDER BY count(*) DESC LIMIT 1").pluck().get() as string;
    const found = getModel(sqlite, busy);
    expect(found.kind).toBe("found");
    if (found.kind !== "found") return;
    const h = getModelHistory(sqlite, found.model);
    for (const p of h) {
      const s = sqlite.prepare("SELECT downloads_30d AS d, likes AS l FROM model_snapshots WHERE model_id = ? AND crawl_id <= ? ORDER BY crawl_id DESC LIMIT 1").get(found.model.id, p.crawlId) as { d: number; l: number };
      expect([p.downloads30d, p.likes]).toEqual([s.d, s.l]);
    }
    expect(h.length).toBe(fullCrawls().filter((c) => c >= found.model.firstSeenCrawl).length);
  });

  test("download concentration (top 1% share, zero-download models) equals a recount", async () => {
    const { getDownloadConcentration } = await import("../../lib/queries/concentration");
    for (const q of ["", "task=text-generation", "library=transformers", "author=@big", "author=@small", "author=@big&task=@bigtask"]) {
      const s = state(q);
      const c = getDownloadConcentration(makeCtx(sqlite, s))!;
      expect(c.source, q).toBe(q.includes("@small") || q.includes("&") ? "models" : "rollup");
      const f = filterSql(s);
      const last = fullCrawls().at(-1)!;
      const where = f.where.replace("m.gone_since_crawl IS NULL", "m.last_seen_crawl = @last");
      const values = sqlite.prepare(`SELECT m.downloads_30d FROM models m WHERE ${where} ORDER BY 1 DESC`).pluck().all({ ...f.params, last }) as number[];
      const k = Math.ceil(values.length / 100);
      expect(c.models, q).toBe(values.length);
      expect(c.topModels, q).toBe(k);
      expect(c.topDownloads30d, q).toBe(values.slice(0, k).reduce((a, b) => a + b, 0));
      expect(c.zeroDownloadModels, q).toBe(values.filter((v) => v === 0).length);
    }
  });
});

describe("default series: the charts draw what was picked", () => {
  test("the main chart draws exactly the picked frameworks; the stats table still counts Other and none", () => {
    clearQueryCache();
    const ctx = makeCtx(sqlite, state("", ""));
    expect(ctx.state.frameworks).toEqual(["pytorch", "tensorflow"]);
    expect(getMainChart(ctx).series.map((s) => s.id)).toEqual(["pytorch", "tensorflow"]);
    expect(getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false }).series.map((s) => s.id)).toEqual(["pytorch", "tensorflow"]);
    expect(getFrameworkStats(ctx).rows.map((r) => r.id)).toEqual(["pytorch", "tensorflow", "other", "none"]);
    const opted = makeCtx(sqlite, state("buckets=none", ""));
    expect(getMainChart(opted).series.map((s) => s.id)).toEqual(["pytorch", "tensorflow", "none"]);
  });

  test("the default range starts at the first period the picked frameworks reach MIN_SHARE_BASE models", () => {
    const ctx = makeCtx(sqlite, state("", ""));
    const chart = getNewModelsByPeriod(ctx);
    const full = getNewModelsByPeriod(makeCtx(sqlite, state("from=2000-01-01", "")));
    const picked = (c: ChartData, i: number) => c.series.reduce((t, s) => t + (s.values[i] ?? 0), 0);
    const k = full.x.indexOf(chart.x[0]);
    // A small seeded Hub may have no period that reaches the base: the chart then keeps its whole range.
    if (full.x.some((_, i) => picked(full, i) >= MIN_SHARE_BASE)) expect(picked(chart, 0)).toBeGreaterThanOrEqual(MIN_SHARE_BASE);
    expect(k).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < k; i++) expect(picked(full, i)).toBeLessThan(MIN_SHARE_BASE);
  });

  test("the exclusive lens shares among models with A or B by default; Neither is opt-in", () => {
    const ctx = makeCtx(sqlite, state("mode=share&lens=exclusive", ""));
    const chart = getMainChart(ctx);
    expect(chart.series.map((s) => s.id)).toEqual(["only:pytorch", "only:tensorflow", "both"]);
    chart.x.forEach((_, i) => {
      const vs = chart.series.map((s) => s.values[i]);
      if (vs.every((v) => v !== null)) expect(vs.reduce((t, v) => t! + v!, 0)).toBeCloseTo(100);
    });
    const withNeither = getMainChart(makeCtx(sqlite, state("mode=share&lens=exclusive&buckets=neither", "")));
    expect(withNeither.series.map((s) => s.id)).toContain("neither");
  });

  test("the headline's crossover sentence names the chart's crossover point", () => {
    const ctx = makeCtx(sqlite, state("", ""));
    const c = getNewModelsByPeriod(ctx).crossover;
    const text = getHeadline(ctx).map((p) => p.text).join("");
    if (c?.label) {
      expect(text).toContain("overtook");
      expect(text).toContain(c.label);
    } else if (c) expect(text).toContain("has led");
  });
});

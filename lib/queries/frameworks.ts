/**
 * The framework pages: one framework's trend (through the overview's chart functions with the
 * view narrowed to it), its top models (rollup_top_models), its tasks and the frameworks it
 * co-occurs with (cohort rollups).
 */
import { type FrameworkDef } from "../frameworks/config";
import { lensFrameworks, topModelsKey } from "../frameworks/lenses";
import { bitOf } from "../frameworks/classify";
import { addMonths, periodLabel, periodStart } from "../charts/periods";
import { formatPercent, formatFull } from "../charts/format";
import type { TableData } from "../charts/types";
import { cached } from "./cache";
import { bitCol, cohortSums, type SeriesCol } from "./sources";
import { CAVEAT } from "./caveats";
import { getFrameworkStats, type FrameworkStats } from "./framework-stats";
import { getTaskMatrix } from "./frameworks-by-task";
import { type Ctx } from "./context";

export interface TopModel {
  rank: number;
  repoId: string;
  author: string | null;
  task: string | null;
  downloads30d: number;
  likes: number;
  createdAt: number;
}

/** Top models alive now by 30-day downloads or likes, for a framework id, "none" or "all". */
export function getTopModels(ctx: Ctx, framework: string, measure: "downloads" | "likes", limit = 20): TopModel[] {
  return cached(ctx.status.version, `top:${ctx.state.basis}:${framework}:${measure}:${limit}`, () =>
    ctx.sqlite
      .prepare<[string, string, number], TopModel>(
        `SELECT t.rank AS rank, m.repo_id AS repoId, m.author AS author, m.pipeline_tag AS task, m.downloads_30d AS downloads30d,
           m.likes AS likes, m.created_at AS createdAt
         FROM rollup_top_models t JOIN models m ON m.id = t.model_id
         WHERE t.framework = ? AND t.measure = ? ORDER BY t.rank LIMIT ?`,
      )
      .all(topModelsKey(ctx.state.basis, framework), measure, limit),
  );
}

export interface CoOccurrence {
  id: string;
  name: string;
  color: string;
  /** Models carrying both. */
  models: number;
  /** % of the framework's models that also carry this one. */
  share: number;
}

/** Frameworks found on the same repos, summed by SQLite over the monthly cohorts of the view's filters. */
export function getCoOccurrence(ctx: Ctx, id: string): { total: number; rows: CoOccurrence[] } {
  return cached(ctx.status.version, `cooc:${id}:${JSON.stringify(ctx.state)}`, () => {
    const bit = bitOf(id);
    const others = lensFrameworks(ctx.state.basis).filter((f) => f.id !== id);
    const cols: SeriesCol[] = [
      bitCol("self", bit),
      ...others.map((f) => {
        const both = bit | f.bit;
        return { id: f.id, sql: (m: string) => `(${m} & ${both}) = ${both}`, test: (mask: number) => (mask & both) === both };
      }),
    ];
    const range = { start: ctx.state.from ? periodStart(ctx.state.from, "month") : null, end: ctx.state.to ? periodStart(ctx.state.to, "month") : null };
    const sums = cohortSums(ctx.sqlite, ctx.state, "month", cols, "all", range)[0]?.sums;
    const total = sums?.get("self")?.models ?? 0;
    const out = others
      .map((f) => ({ id: f.id, name: f.name, color: f.color, models: sums?.get(f.id)?.models ?? 0, share: 0 }))
      .filter((r) => r.models > 0)
      .map((r) => ({ ...r, share: total ? (100 * r.models) / total : 0 }));
    out.sort((a, b) => b.models - a.models);
    return { total, rows: out };
  });
}

export function coOccurrenceTable(def: FrameworkDef, co: { total: number; rows: CoOccurrence[] }): TableData {
  return {
    id: "co-occurrence",
    title: `Frameworks found on the same repos as ${def.name} (% of its models)`,
    caption: `Of the ${formatFull(co.total)} models carrying ${def.name} (alive today, created in the selected range), how many also carry each other framework.`,
    caveats: ["A repo's frameworks are its tags and library today (tfjs: confirmed from its files)."],
    columns: [
      { key: "framework", label: "Framework", numeric: false },
      { key: "models", label: "Models with both", numeric: true },
      { key: "share", label: `Share of ${def.name} models (%)`, numeric: true },
    ],
    rows: co.rows.map((r) => ({ key: r.id, color: r.color, href: `/frameworks/${r.id}`, cells: [r.name, r.models, r.share] })),
    empty: co.rows.length === 0 ? `No ${def.name} model carries another tracked framework in this selection.` : null,
  };
}

/** The framework's tasks: models carrying it per task, and its share of each task's models. */
export function frameworkTasksTable(ctx: Ctx, def: FrameworkDef): TableData {
  const m = getTaskMatrix(ctx);
  const j = m.ids.indexOf(def.id);
  const rows = m.tasks
    .map((t, i) => ({ task: t.task, all: t.models, n: m.models[i][j] }))
    .filter((r) => r.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, 20);
  const total = rows.reduce((a, r) => a + r.n, 0);
  return {
    id: "framework-tasks",
    title: `${def.name} models by task`,
    caption: `Models carrying ${def.name} per pipeline_tag (alive today, created in the selected range), and the share of each task's models they make up.`,
    caveats: [CAVEAT.multi],
    columns: [
      { key: "task", label: "Task (pipeline_tag)", numeric: false },
      { key: "models", label: `${def.name} models`, numeric: true },
      { key: "ofFramework", label: `Share of ${def.name} models (%)`, numeric: true },
      { key: "ofTask", label: "Share of the task's models (%)", numeric: true },
    ],
    rows: rows.map((r) => ({ key: r.task, cells: [r.task === "" ? "(no task)" : r.task, r.n, total ? (100 * r.n) / total : null, r.all ? (100 * r.n) / r.all : null] })),
    empty: rows.length === 0 ? `No ${def.name} model in this selection.` : null,
  };
}

/** "JAX / Flax: 0.6% of new models in the last 12 months, falling (0.8% the 12 months before)." */
export function getFrameworkHeadline(ctx: Ctx, def: FrameworkDef): string {
  return cached(ctx.status.version, `fwhead:${def.id}:${JSON.stringify(ctx.state)}`, () => {
    const asOf = ctx.status.asOfDate;
    if (!asOf) return `${def.name}: no completed crawl yet.`;
    const end = periodStart(asOf, "month");
    const y1 = addMonths(end, -12);
    const y2 = addMonths(end, -24);
    const cols: SeriesCol[] = [bitCol("self", bitOf(def.id)), { id: "total", sql: () => "1", test: () => true }];
    const rows = cohortSums(ctx.sqlite, ctx.state, "month", cols, "period").filter((r) => r.floor === 0);
    const share = (a: string, b: string) => {
      let t = 0, n = 0;
      for (const r of rows) if (r.key >= a && r.key < b) { t += r.sums.get("total")!.models; n += r.sums.get("self")!.models; }
      return t ? (100 * n) / t : null;
    };
    const cur = share(y1, end);
    const prev = share(y2, y1);
    if (cur === null) return `${def.name}: no new model matching these filters in the last 12 months.`;
    const trend = prev === null ? "" : cur > prev * 1.05 ? ", rising" : cur < prev * 0.95 ? ", falling" : ", about flat";
    return `${def.name}: ${formatPercent(cur)} of new models in the last 12 months (${periodLabel(y1, "month")} – ${periodLabel(addMonths(end, -1), "month")})${trend}${prev !== null ? ` (${formatPercent(prev)} the 12 months before)` : ""}.`;
  });
}

/** Every tracked framework with its models, downloads and growth (the frameworks index page). */
export function getAllFrameworkStats(ctx: Ctx): FrameworkStats {
  return getFrameworkStats(ctx, lensFrameworks(ctx.state.basis).map((f) => f.id));
}


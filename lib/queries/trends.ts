/**
 * The overview's figures, chart-ready (lib/charts/types.ts), one exported function per chart. Every
 * function reads the rollups through lib/queries/sources.ts and is cached until the next completed
 * crawl. `npm run report` prints the same functions' numbers.
 *
 * Series of a chart: the selected frameworks (a model counts for each framework it carries, so
 * shares add up to more than 100%), "other" (models with a tracked framework but none of those
 * selected) and "none" (models with no framework at all). Shares are of all models (or downloads)
 * matching the filters, "none" included.
 */
import type { Sqlite } from "../../db/index";
import { FRAMEWORKS } from "../frameworks/config";
import { bitOf } from "../frameworks/classify";
import {
  addMonths, dayLabel, dropIncomplete, listPeriods, periodFullLabel, periodLabel, periodStart,
} from "../charts/periods";
import { cumulative, growth, toShare, type Value } from "../charts/series";
import { frameworkName, seriesStyle } from "../charts/style";
import type { ChartData, SeriesData, TableData } from "../charts/types";
import { formatFull, formatPercent } from "../charts/format";
import type { Granularity, ViewState } from "../url-state";
import { toSearchParams } from "../url-state";
import { cached } from "./cache";
import { getDataStatus, type DataStatus } from "./status";
import { addSum, cohortSums, crawlSums, crawlsFromSnapshots, readAuthorCrawls, readFullCrawls, seriesCols, sumCrawlRows, type CrawlInfo, type CrawlSum, type SeriesCol, type SumRow, type Sums } from "./sources";
import { getBackfillStatus, type BackfillStatus } from "./caveats";

// ---------------------------------------------------------------------------------------------
// Caveat lines (methodology page defines them in full)
// ---------------------------------------------------------------------------------------------

export const CAVEAT = {
  multi: "A model with several frameworks counts for each: shares add up to more than 100%.",
  downloads: "Downloads are the Hub's rolling 30-day count per repo, attributed to every framework the repo carries.",
  gguf: "GGUF repos count every GGUF file download; other repos count config.json-like files.",
  survivorship: "Deleted repos are gone from every cohort; tags are today's, not those at creation.",
  between: "Downloads between crawls are exact all-time deltas; a model new since the previous crawl counts from 0.",
} as const;

export function floorCaveat(b: BackfillStatus): string {
  if (b.legacy === 0) return "No repo on the Hub's 2022-03-02 createdAt floor in this data.";
  if (b.dated === 0) {
    return `${formatFull(b.legacy)} repos created before 2022-03 carry the Hub's floor date (2022-03-02); their true dates were not backfilled, so they are left out of the periods (and counted in the starting stock of cumulative charts).`;
  }
  return `${formatFull(b.dated)} of ${formatFull(b.legacy)} repos created before 2022-03 have their true creation date backfilled from their first commit and sit in their real period; ${formatFull(b.undated)} without one are left out of the periods.`;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

export interface Ctx {
  sqlite: Sqlite;
  state: ViewState;
  status: DataStatus;
  /**
   * Results computed for this context (one request): the charts of a page share their rows (the
   * stats table and the cohort charts read the same cohort rows) even when the query cache is off.
   */
  local: Map<string, unknown>;
}

export function makeCtx(sqlite: Sqlite, state: ViewState): Ctx {
  return { sqlite, state, status: getDataStatus(sqlite), local: new Map() };
}

function key(ctx: Ctx, name: string, extra = ""): string {
  return `${name}?${toSearchParams(ctx.state).toString()}#${extra}`;
}

function memo<T>(ctx: Ctx, name: string, compute: () => T, extra = ""): T {
  const k = key(ctx, name, extra);
  if (ctx.local.has(k)) return ctx.local.get(k) as T;
  const v = cached(ctx.status.version, k, compute);
  ctx.local.set(k, v);
  return v;
}

/** Series ids for the selected frameworks plus the two buckets. */
function seriesIds(frameworks: readonly string[]): string[] {
  return [...frameworks, "other", "none"];
}

function selectedBits(frameworks: readonly string[]) {
  return frameworks.map((id) => ({ id, bit: bitOf(id) }));
}

/** The SQL-aggregated columns of a view: its frameworks, other, none, total, and its exclusive pair. */
function colsOf(frameworks: readonly string[], pair: [string, string]): SeriesCol[] {
  return seriesCols(selectedBits(frameworks), [bitOf(pair[0]), bitOf(pair[1])]);
}

/** "series": the frameworks, other, none and total; "exclusive": the pair's four groups and total. */
type ColKind = "series" | "exclusive";

function viewCols(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series"): SeriesCol[] {
  const all = colsOf(frameworks, exclusivePair(ctx.state));
  return all.filter((c) => (kind === "exclusive" ? c.id.startsWith("x:") || c.id === "total" : !c.id.startsWith("x:")));
}

const ZERO = { models: 0, downloads30d: 0 };
function get(s: Sums | undefined, id: string) {
  return s?.get(id) ?? ZERO;
}

function series(ids: readonly string[], values: Map<string, Value[]>, pair?: [string, string]): SeriesData[] {
  return ids.map((id) => ({ id, ...seriesStyle(id, pair), values: values.get(id)! }));
}

function emptyChart(base: Omit<ChartData, "x" | "xLabels" | "xFull" | "series" | "note" | "empty">, empty: string): ChartData {
  return { ...base, x: [], xLabels: [], xFull: [], series: [], note: null, empty };
}

function noData(ctx: Ctx): string {
  const r = ctx.status.running;
  if (!r) return "No crawl has completed yet: start one with npm run crawl (or npm start), or try npm run demo offline.";
  const pct = r.percent !== null ? `${r.percent.toFixed(0)}% done, ` : "";
  return `No crawl has completed yet: the first crawl is running (${pct}${formatFull(r.models)} models so far). The charts fill in when it completes.`;
}
const NO_MATCH = "No model matches these filters. Remove a filter or widen the date range.";

// ---------------------------------------------------------------------------------------------
// Creation cohorts
// ---------------------------------------------------------------------------------------------

export interface CohortFrame {
  granularity: Granularity;
  /** Complete periods shown, oldest first. */
  periods: string[];
  /** The incomplete period left out, if the range reached it. */
  dropped: string | null;
  /** period -> series id -> models / downloads (series: lib/queries/sources.ts seriesCols). */
  cells: Map<string, Sums>;
  /** Models created before the first period shown (the floor-dated ones included), per series. */
  before: Sums;
  /** Floor-dated models with no backfilled date, per series (a subset of `before`). */
  floor: Sums;
  /** Every matching model (any period, floor included), per series: the stock now. */
  all: Sums;
}

/** All cohort rows of the view (every period), summed per series by SQLite. */
function cohortRows(ctx: Ctx, g: Granularity, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series", withDownloads = false): SumRow[] {
  const base = `${g}|${frameworks.join(",")}|${kind}`;
  // Rows with downloads serve a chart of models too (the stats table reads them first on a page).
  const withD = key(ctx, "cohortRows", `${base}|true`);
  if (!withDownloads && ctx.local.has(withD)) return ctx.local.get(withD) as SumRow[];
  return memo(ctx, "cohortRows", () => cohortSums(ctx.sqlite, ctx.state, g, viewCols(ctx, frameworks, kind), "period", undefined, withDownloads), `${base}|${withDownloads}`);
}

/** Cohort rows of the view, framed to its complete periods. */
export function getCohortFrame(ctx: Ctx, g: Granularity = ctx.state.granularity, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series", withDownloads = false): CohortFrame {
  return memo(ctx, "cohortFrame", () => buildCohortFrame(cohortRows(ctx, g, frameworks, kind, withDownloads), ctx, g), `${g}|${frameworks.join(",")}|${kind}|${withDownloads}`);
}

function addAll(into: Sums, from: Sums): void {
  for (const [id, v] of from) addSum(into, id, v.models, v.downloads30d);
}

function buildCohortFrame(rows: SumRow[], ctx: Ctx, g: Granularity): CohortFrame {
  const { from, to } = ctx.state;
  const asOf = ctx.status.asOfDate;
  const first = rows.reduce<string | null>((m, r) => (r.floor === 0 && (m === null || r.key < m) ? r.key : m), null);
  const frame: CohortFrame = { granularity: g, periods: [], dropped: null, cells: new Map(), before: new Map(), floor: new Map(), all: new Map() };
  for (const r of rows) {
    addAll(frame.all, r.sums);
    if (r.floor === 1) addAll(frame.floor, r.sums);
  }
  const start = from ? periodStart(from, g) : first;
  const endDate = asOf === null ? null : to && to < asOf ? to : asOf;
  if (asOf === null || start === null || endDate === null || start > endDate) {
    addAll(frame.before, frame.floor);
    return frame;
  }
  const { kept, dropped } = dropIncomplete(listPeriods(start, endDate, g), asOf, g);
  frame.periods = kept;
  frame.dropped = dropped;
  const shown = new Set(kept);
  for (const r of rows) {
    if (r.floor === 1 || r.key < start) addAll(frame.before, r.sums);
    else if (shown.has(r.key)) {
      let c = frame.cells.get(r.key);
      if (!c) frame.cells.set(r.key, (c = new Map()));
      addAll(c, r.sums);
    }
  }
  return frame;
}

/** New models per period per series id (selected frameworks, other, none) and the total. */
export function cohortSeriesValues(frame: CohortFrame, frameworks: readonly string[]): { values: Map<string, number[]>; totals: number[] } {
  const values = new Map(seriesIds(frameworks).map((id) => [id, frame.periods.map((p) => get(frame.cells.get(p), id).models)]));
  const totals = frame.periods.map((p) => get(frame.cells.get(p), "total").models);
  return { values, totals };
}

function periodAxis(frame: CohortFrame) {
  return {
    x: frame.periods,
    xLabels: frame.periods.map((p) => periodLabel(p, frame.granularity)),
    xFull: frame.periods.map((p) => periodFullLabel(p, frame.granularity)),
  };
}

function droppedNote(frame: CohortFrame, asOf: string | null): string | null {
  if (!frame.dropped || !asOf) return null;
  return `${periodFullLabel(frame.dropped, frame.granularity)} is left out: it is not over yet (data as of ${dayLabel(asOf)}), so its count would look like a drop.`;
}

/** Chart 1 (and 2, 3): models by creation period, new or cumulative, absolute or share. */
export function getModelsByPeriod(ctx: Ctx, opts: { view: "new" | "cumulative"; share: boolean }): ChartData {
  return memo(ctx, "modelsByPeriod", () => {
    const { state, status } = ctx;
    const g = state.granularity;
    const backfill = getBackfillStatus(ctx.sqlite, status.version);
    const id = opts.view === "new" ? (opts.share ? "share" : "new-models") : opts.share ? "cumulative-share" : "cumulative";
    const title =
      opts.view === "new"
        ? opts.share
          ? `Share of new models per ${g} carrying each framework (% of all new models)`
          : `New models per ${g} carrying each framework (models)`
        : opts.share
          ? `Share of all models carrying each framework, by the end of each ${g} (%)`
          : `Models carrying each framework, cumulative by creation date (models)`;
    const caption =
      opts.view === "new"
        ? `Models alive today, by the ${g} they were created in (the true creation date where the backfill found one).`
        : `Models alive today created up to the end of each ${g}, the pre-2022-03 repos included from the start.`;
    const caveats = [
      ...(opts.share ? [CAVEAT.multi] : []),
      floorCaveat(backfill),
      CAVEAT.survivorship,
    ];
    const base = { id, title, unit: opts.share ? ("percent" as const) : ("models" as const), xKind: "period" as const, type: "line" as ChartData["type"], stacked: false, share: opts.share, log: state.scale === "log" && !opts.share, caption, caveats };
    if (!status.cohortCrawl) return emptyChart(base, noData(ctx));
    const frame = getCohortFrame(ctx);
    if (frame.periods.length === 0) return emptyChart(base, NO_MATCH);
    const { values, totals } = cohortSeriesValues(frame, state.frameworks);
    const ids = seriesIds(state.frameworks);
    const out = new Map<string, Value[]>();
    if (opts.view === "new") {
      for (const id of ids) out.set(id, opts.share ? toShare(values.get(id)!, totals) : values.get(id)!);
    } else {
      const start = new Map(ids.map((i) => [i, get(frame.before, i).models]));
      const cumTotals = cumulative(totals, get(frame.before, "total").models);
      for (const i of ids) {
        const c = cumulative(values.get(i)!, start.get(i)!);
        out.set(i, opts.share ? toShare(c, cumTotals) : c);
      }
    }
    return { ...base, ...periodAxis(frame), series: series(ids, out), note: droppedNote(frame, status.asOfDate), empty: null };
  }, `${opts.view}|${opts.share}`);
}

export function getNewModelsByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "new", share: false });
}

export function getModelShareByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "new", share: true });
}

export function getCumulativeModelsByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "cumulative", share: false });
}

// ---------------------------------------------------------------------------------------------
// Across crawls
// ---------------------------------------------------------------------------------------------

export interface CrawlFrame {
  crawls: CrawlInfo[];
  /** crawl id -> series id -> sums */
  cells: Map<number, Map<string, CrawlSum>>;
}

export function getCrawlFrame(ctx: Ctx, measure: CrawlMeasure, kind: ColKind = "series", frameworks: readonly string[] = ctx.state.frameworks): CrawlFrame {
  return memo(ctx, "crawlFrame", () => {
    const { from, to } = ctx.state;
    const cols = viewCols(ctx, frameworks, kind);
    // An author without per-crawl rollups has its models' values rebuilt from their snapshots:
    // once per view, shared by every chart.
    const cells = crawlsFromSnapshots(ctx.sqlite, ctx.state)
      ? sumCrawlRows(memo(ctx, "authorCrawlRows", () => readAuthorCrawls(ctx.sqlite, ctx.state)), cols)
      : crawlSums(ctx.sqlite, ctx.state, cols, [measure]);
    const crawls = readFullCrawls(ctx.sqlite).filter((c) => {
      const d = new Date(c.startedAt).toISOString().slice(0, 10);
      return (!from || d >= from) && (!to || d <= to) && (cells.has(c.id) || cells.size === 0);
    });
    return { crawls, cells };
  }, `${measure}|${kind}|${frameworks.join(",")}`);
}

function crawlAxis(crawls: CrawlInfo[]) {
  const days = crawls.map((c) => new Date(c.startedAt).toISOString().slice(0, 10));
  const dup = new Set(days.filter((d, i) => days.indexOf(d) !== i));
  const label = (c: CrawlInfo, d: string) => (dup.has(d) ? `${dayLabel(d)} ${new Date(c.startedAt).toISOString().slice(11, 16)}` : dayLabel(d));
  return {
    x: crawls.map((c) => String(c.id)),
    xLabels: crawls.map((c, i) => label(c, days[i])),
    xFull: crawls.map((c, i) => `crawl #${c.id} of ${label(c, days[i])}`),
  };
}

export type CrawlMeasure = "downloads30d" | "downloadsSincePrev" | "downloadsAllTime";

/** Per crawl and series id, the sum of a measure (null where the measure is null for the crawl). */
export function crawlSeriesValues(frame: CrawlFrame, frameworks: readonly string[], measure: CrawlMeasure): { values: Map<string, Value[]>; totals: Value[] } {
  const at = (c: CrawlInfo, id: string): Value => {
    const v = frame.cells.get(c.id)?.get(id);
    return v ? v[measure] : null;
  };
  const values = new Map<string, Value[]>(seriesIds(frameworks).map((id) => [id, frame.crawls.map((c) => at(c, id))]));
  return { values, totals: frame.crawls.map((c) => at(c, "total")) };
}

const MEASURE_TITLE: Record<CrawlMeasure, [string, string]> = {
  downloads30d: ["30-day downloads as of each crawl, by framework (downloads)", "Share of 30-day downloads as of each crawl, by framework (% of all downloads)"],
  downloadsSincePrev: ["Downloads between consecutive crawls, by framework (downloads)", "Share of the downloads between consecutive crawls, by framework (%)"],
  downloadsAllTime: ["All-time downloads as of each crawl, by framework (downloads)", "Share of all-time downloads as of each crawl, by framework (%)"],
};

/** Chart 4: downloads by framework across completed full crawls. */
export function getDownloadsByCrawl(ctx: Ctx, opts: { measure: CrawlMeasure; share: boolean }): ChartData {
  return memo(ctx, "downloadsByCrawl", () => {
    const { state } = ctx;
    const id = `downloads-${opts.measure === "downloads30d" ? "30d" : opts.measure === "downloadsSincePrev" ? "between" : "alltime"}${opts.share ? "-share" : ""}`;
    const caveats = [CAVEAT.downloads, CAVEAT.gguf, ...(opts.measure === "downloadsSincePrev" ? [CAVEAT.between] : []), ...(opts.share ? [CAVEAT.multi] : [])];
    const caption =
      opts.measure === "downloads30d"
        ? "Sum of the Hub's 30-day download counts of the models each completed full crawl listed."
        : opts.measure === "downloadsSincePrev"
          ? "Downloads between each completed full crawl and the previous one: the change of every model's all-time count."
          : "Sum of the all-time download counts of the models each completed full crawl listed.";
    const base = { id, title: MEASURE_TITLE[opts.measure][opts.share ? 1 : 0], unit: opts.share ? ("percent" as const) : ("downloads" as const), xKind: "crawl" as const, type: "line" as const, stacked: false, share: opts.share, log: state.scale === "log" && !opts.share, caption, caveats };
    if (!ctx.status.lastFull) return emptyChart(base, noData(ctx));
    const frame = getCrawlFrame(ctx, opts.measure);
    if (frame.crawls.length === 0) return emptyChart(base, NO_MATCH);
    const { values, totals } = crawlSeriesValues(frame, state.frameworks, opts.measure);
    const ids = seriesIds(state.frameworks);
    const out = new Map<string, Value[]>();
    for (const i of ids) out.set(i, opts.share ? toShare(values.get(i)!, totals) : values.get(i)!);
    const note =
      opts.measure === "downloadsSincePrev" && frame.crawls.length > 0 && totals[0] === null
        ? "The first crawl has no value: downloads between crawls need a previous crawl."
        : frame.crawls.length === 1
          ? "Only one completed full crawl so far: the series grow with each daily crawl."
          : null;
    return { ...base, ...crawlAxis(frame.crawls), series: series(ids, out), note, empty: null };
  }, `${opts.measure}|${opts.share}`);
}

// ---------------------------------------------------------------------------------------------
// Exclusive view
// ---------------------------------------------------------------------------------------------

export function exclusivePair(state: ViewState): [string, string] {
  return [state.frameworks[0], state.frameworks[1] ?? FRAMEWORKS.find((f) => f.id !== state.frameworks[0])!.id];
}

const EXCLUSIVE_IDS = (pair: [string, string]) => [`only:${pair[0]}`, `only:${pair[1]}`, "both", "neither"];

/** The exclusive groups' column ids (lib/queries/sources.ts seriesCols), in EXCLUSIVE_IDS order. */
const X_IDS = ["x:a", "x:b", "x:both", "x:neither"];

/** Chart 5 by cohort: A only / B only / both / neither, new or cumulative, absolute or share. */
export function getExclusiveByPeriod(ctx: Ctx, opts: { view: "new" | "cumulative"; share: boolean }): ChartData {
  return memo(ctx, "exclusiveByPeriod", () => {
    const { state, status } = ctx;
    const pair = exclusivePair(state);
    const [an, bn] = pair.map(frameworkName);
    const g = state.granularity;
    const id = `exclusive-${opts.view}${opts.share ? "-share" : ""}`;
    const title = opts.share
      ? `${an} vs ${bn}: share of ${opts.view === "new" ? `new models per ${g}` : "all models, cumulative"} (%)`
      : `${an} vs ${bn}: ${opts.view === "new" ? `new models per ${g}` : "models, cumulative by creation date"} (models)`;
    const backfill = getBackfillStatus(ctx.sqlite, status.version);
    const base = { id, title, unit: opts.share ? ("percent" as const) : ("models" as const), xKind: "period" as const, type: (opts.share || state.scale === "log" ? "line" : "bar") as ChartData["type"], stacked: !opts.share && state.scale !== "log", share: opts.share, log: state.scale === "log" && !opts.share, caption: `Each model is in exactly one group: only ${an}, only ${bn}, both, or neither (other frameworks or none), so the groups add up to all models.`, caveats: [floorCaveat(backfill), CAVEAT.survivorship] };
    if (!status.cohortCrawl) return emptyChart(base, noData(ctx));
    const frame = getCohortFrame(ctx, state.granularity, state.frameworks, "exclusive");
    if (frame.periods.length === 0) return emptyChart(base, NO_MATCH);
    const groups = X_IDS.map((x) => frame.periods.map((p) => get(frame.cells.get(p), x).models));
    const totals = frame.periods.map((p) => get(frame.cells.get(p), "total").models);
    const start = X_IDS.map((x) => get(frame.before, x).models);
    const totalStart = get(frame.before, "total").models;
    const ids = EXCLUSIVE_IDS(pair);
    const out = new Map<string, Value[]>();
    const cumTotals = cumulative(totals, totalStart);
    ids.forEach((sid, k) => {
      const v: Value[] = opts.view === "new" ? groups[k] : cumulative(groups[k], start[k]);
      out.set(sid, opts.share ? toShare(v, opts.view === "new" ? totals : cumTotals) : v);
    });
    return { ...base, ...periodAxis(frame), series: series(ids, out, pair), note: droppedNote(frame, status.asOfDate), empty: null };
  }, `${opts.view}|${opts.share}`);
}

/** Chart 5 by downloads: 30-day downloads of A only / B only / both / neither per crawl. */
export function getExclusiveDownloadsByCrawl(ctx: Ctx, opts: { share: boolean }): ChartData {
  return memo(ctx, "exclusiveDownloads", () => {
    const { state } = ctx;
    const pair = exclusivePair(state);
    const [an, bn] = pair.map(frameworkName);
    const base = { id: `exclusive-downloads${opts.share ? "-share" : ""}`, title: opts.share ? `${an} vs ${bn}: share of 30-day downloads as of each crawl (%)` : `${an} vs ${bn}: 30-day downloads as of each crawl (downloads)`, unit: opts.share ? ("percent" as const) : ("downloads" as const), xKind: "crawl" as const, type: (opts.share || state.scale === "log" ? "line" : "bar") as ChartData["type"], stacked: !opts.share && state.scale !== "log", share: opts.share, log: state.scale === "log" && !opts.share, caption: `The 30-day downloads of repos with only ${an}, only ${bn}, both, or neither: each repo is in one group, so the groups add up to all downloads.`, caveats: [CAVEAT.downloads, CAVEAT.gguf] };
    if (!ctx.status.lastFull) return emptyChart(base, noData(ctx));
    const frame = getCrawlFrame(ctx, "downloads30d", "exclusive");
    if (frame.crawls.length === 0) return emptyChart(base, NO_MATCH);
    const groups = X_IDS.map((x) => frame.crawls.map((c) => frame.cells.get(c.id)?.get(x)?.downloads30d ?? 0));
    const totals = frame.crawls.map((c) => frame.cells.get(c.id)?.get("total")?.downloads30d ?? 0);
    const ids = EXCLUSIVE_IDS(pair);
    const out = new Map<string, Value[]>(ids.map((sid, k) => [sid, opts.share ? toShare(groups[k], totals) : groups[k]]));
    return { ...base, ...crawlAxis(frame.crawls), series: series(ids, out, pair), note: null, empty: null };
  }, String(opts.share));
}

// ---------------------------------------------------------------------------------------------
// Framework x task
// ---------------------------------------------------------------------------------------------

export interface TaskMatrix {
  /** Tasks by model count, largest first ("" = no pipeline_tag). */
  tasks: { task: string; models: number }[];
  /** Series ids (selected frameworks, other, none). */
  ids: string[];
  /** models[taskIndex][idIndex] */
  models: number[][];
}

/** Models alive now created in the range (whole months; open start includes the pre-2022 repos), by task and framework. */
export function getTaskMatrix(ctx: Ctx): TaskMatrix {
  return memo(ctx, "taskMatrix", () => {
    const { state } = ctx;
    const range = { start: state.from ? periodStart(state.from, "month") : null, end: state.to ? periodStart(state.to, "month") : null };
    const rows = cohortSums(ctx.sqlite, state, "month", viewCols(ctx), "task", range);
    const ids = seriesIds(state.frameworks);
    const tasks = rows
      .map((r) => ({ task: r.key, models: get(r.sums, "total").models, cells: ids.map((id) => get(r.sums, id).models) }))
      .filter((t) => t.models > 0)
      .sort((x, y) => y.models - x.models || (x.task < y.task ? -1 : 1));
    return { tasks: tasks.map(({ task, models }) => ({ task, models })), ids, models: tasks.map((t) => t.cells) };
  });
}

export const TASKS_SHOWN = 15;

/** Chart 6 as a table: per task, the share of its models carrying each framework. */
export function getFrameworksByTask(ctx: Ctx): TableData {
  return memo(ctx, "frameworksByTask", () => {
    const m = getTaskMatrix(ctx);
    const cols = [
      { key: "task", label: "Task (pipeline_tag)", numeric: false },
      { key: "models", label: "Models", numeric: true },
      ...m.ids.map((id) => ({ key: id, label: `${seriesStyle(id).label} (%)`, numeric: true })),
    ];
    const shown = m.tasks.slice(0, TASKS_SHOWN);
    const rows = shown.map((t, i) => ({
      key: t.task,
      cells: [t.task === "" ? "(no task)" : t.task, t.models, ...m.models[i].map((n) => (t.models ? (100 * n) / t.models : null))] as (string | number | null)[],
    }));
    const rest = m.tasks.slice(TASKS_SHOWN);
    if (rest.length) {
      const total = rest.reduce((a, t) => a + t.models, 0);
      const sums = m.ids.map((_, j) => rest.reduce((a, _t, i) => a + m.models[TASKS_SHOWN + i][j], 0));
      rows.push({ key: "*other-tasks*", cells: [`${rest.length} other tasks`, total, ...sums.map((n) => (total ? (100 * n) / total : null))] });
    }
    return {
      id: "tasks",
      title: "Which frameworks each task's models carry (% of the task's models)",
      caption: "Models alive today created in the selected range, by pipeline_tag; each cell is the share of the task's models carrying the framework.",
      caveats: [CAVEAT.multi, "pipeline_tag is set by the model's author or inferred by the Hub; many models have none."],
      columns: cols,
      rows,
      empty: !ctx.status.cohortCrawl ? noData(ctx) : rows.length === 0 ? NO_MATCH : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Stats table
// ---------------------------------------------------------------------------------------------

export interface FrameworkStat {
  id: string;
  label: string;
  color: string;
  models: number;
  /** % of all models matching the filters. */
  share: number | null;
  downloads30d: number;
  downloadShare: number | null;
  /** New models in the last complete period and the one before. */
  lastPeriod: number | null;
  prevPeriod: number | null;
  growth: number | null;
}

export interface FrameworkStats {
  rows: FrameworkStat[];
  total: { models: number; downloads30d: number; lastPeriod: number | null; prevPeriod: number | null };
  lastPeriodLabel: string | null;
  prevPeriodLabel: string | null;
}

/** Chart 7: per framework, models and 30-day downloads (models alive now, in the range), and growth of new models. */
export function getFrameworkStats(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks): FrameworkStats {
  return memo(ctx, "frameworkStats", () => {
    const frame = getCohortFrame(ctx, ctx.state.granularity, frameworks, "series", true);
    const ids = seriesIds(frameworks);
    // The range's models: the shown periods, the dropped (incomplete) one, and everything before when the start is open.
    const range = rangeSums(ctx, frameworks);
    const models = new Map(ids.map((i) => [i, get(range, i).models]));
    const downloads = new Map(ids.map((i) => [i, get(range, i).downloads30d]));
    const totalModels = get(range, "total").models;
    const totalDownloads = get(range, "total").downloads30d;
    const { values, totals } = cohortSeriesValues(frame, frameworks);
    const n = frame.periods.length;
    const last = n >= 1 ? n - 1 : null;
    const prev = n >= 2 ? n - 2 : null;
    const rows = ids.map((id) => {
      const v = values.get(id)!;
      const lp = last !== null ? v[last] : null;
      const pp = prev !== null ? v[prev] : null;
      return {
        id, ...seriesStyle(id), models: models.get(id)!, share: totalModels ? (100 * models.get(id)!) / totalModels : null,
        downloads30d: downloads.get(id)!, downloadShare: totalDownloads ? (100 * downloads.get(id)!) / totalDownloads : null,
        lastPeriod: lp, prevPeriod: pp, growth: growth(lp, pp),
      };
    });
    return {
      rows,
      total: { models: totalModels, downloads30d: totalDownloads, lastPeriod: last !== null ? totals[last] : null, prevPeriod: prev !== null ? totals[prev] : null },
      lastPeriodLabel: last !== null ? periodFullLabel(frame.periods[last], frame.granularity) : null,
      prevPeriodLabel: prev !== null ? periodFullLabel(frame.periods[prev], frame.granularity) : null,
    };
  }, frameworks.join(","));
}

/**
 * Sums over the view's date range (whole periods; the incomplete one included; open start = all
 * and the floor-dated repos), from the same per-period rows as the charts (one SQL scan).
 */
function rangeSums(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series"): Sums {
  return memo(ctx, "rangeSums", () => {
    const g = ctx.state.granularity;
    const start = ctx.state.from ? periodStart(ctx.state.from, g) : null;
    const end = ctx.state.to ? periodStart(ctx.state.to, g) : null;
    const out: Sums = new Map();
    for (const r of cohortRows(ctx, g, frameworks, kind, true)) {
      const inRange = r.floor === 1 ? start === null : (start === null || r.key >= start) && (end === null || r.key <= end);
      if (inRange) addAll(out, r.sums);
    }
    return out;
  }, `${frameworks.join(",")}|${kind}`);
}

export function statsTable(stats: FrameworkStats, state: ViewState, ctx?: Ctx): TableData {
  const gl = state.granularity;
  return {
    id: "stats",
    title: "Frameworks at a glance",
    caption: `Models alive today created in the selected range and their 30-day downloads; growth compares the new models of ${stats.lastPeriodLabel ?? "the last complete " + gl} with ${stats.prevPeriodLabel ?? "the one before"}.`,
    caveats: [CAVEAT.multi, CAVEAT.downloads],
    columns: [
      { key: "framework", label: "Framework", numeric: false },
      { key: "models", label: "Models", numeric: true },
      { key: "share", label: "Share of models (%)", numeric: true },
      { key: "downloads30d", label: "30-day downloads", numeric: true },
      { key: "downloadShare", label: "Share of downloads (%)", numeric: true },
      { key: "lastPeriod", label: `New in ${stats.lastPeriodLabel ?? "last " + gl}`, numeric: true },
      { key: "growth", label: `Growth vs ${stats.prevPeriodLabel ?? "previous " + gl} (%)`, numeric: true },
    ],
    rows: [
      ...stats.rows.map((r) => ({
        key: r.id, color: r.color, href: FRAMEWORKS.some((f) => f.id === r.id) ? `/frameworks/${r.id}` : undefined,
        cells: [r.label, r.models, r.share, r.downloads30d, r.downloadShare, r.lastPeriod, r.growth] as (string | number | null)[],
      })),
      { key: "total", cells: ["All models", stats.total.models, stats.total.models ? 100 : null, stats.total.downloads30d, stats.total.downloads30d ? 100 : null, stats.total.lastPeriod, growth(stats.total.lastPeriod, stats.total.prevPeriod)] },
    ],
    empty: ctx && !ctx.status.cohortCrawl ? noData(ctx) : stats.total.models === 0 ? NO_MATCH : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Headline and the main chart
// ---------------------------------------------------------------------------------------------

export interface HeadlinePart {
  text: string;
  /** Anchor of the chart the number comes from. */
  href?: string;
}

/**
 * "Of the 412,000 models created in the last 12 months (Dec 2025 - Nov 2026), 61% carry PyTorch and
 * 0.9% TensorFlow; a year earlier it was 64% and 1.4%." From complete months, first two frameworks.
 */
export function getHeadline(ctx: Ctx): HeadlinePart[] {
  return memo(ctx, "headline", () => {
    const { status, state } = ctx;
    if (!status.cohortCrawl || !status.asOfDate) {
      if (status.running) return [{ text: `No crawl has completed yet: the first crawl has listed ${formatFull(status.running.models)} models so far${status.running.percent !== null ? ` (${status.running.percent.toFixed(0)}%)` : ""}.` }];
      return [{ text: "No crawl has completed yet. Run npm run crawl (or npm run demo for the offline demo)." }];
    }
    const lastEnd = periodStart(status.asOfDate, "month"); // first day of the incomplete month
    const yearStart = addMonths(lastEnd, -12);
    const prevStart = addMonths(lastEnd, -24);
    const [a, b] = exclusivePair(state);
    const cols = seriesCols(selectedBits([a, b]), [bitOf(a), bitOf(b)]).filter((c) => c.id === a || c.id === b || c.id === "total");
    const rows = cohortSums(ctx.sqlite, state, "month", cols, "period").filter((r) => r.floor === 0);
    const sum = (from: string, to: string) => {
      let total = 0, na = 0, nb = 0;
      for (const r of rows) {
        if (r.key < from || r.key >= to) continue;
        total += get(r.sums, "total").models;
        na += get(r.sums, a).models;
        nb += get(r.sums, b).models;
      }
      return { total, pa: total ? (100 * na) / total : null, pb: total ? (100 * nb) / total : null };
    };
    const cur = sum(yearStart, lastEnd);
    const prev = sum(prevStart, yearStart);
    const range = `${periodLabel(yearStart, "month")} – ${periodLabel(addMonths(lastEnd, -1), "month")}`;
    const scope = [state.task && `for the task ${state.task}`, state.library && `with library ${state.library}`, state.author && `by ${state.author}`].filter(Boolean).join(" ");
    if (cur.total === 0) return [{ text: `No model${scope ? ` ${scope}` : " matching these filters"} was created in the last 12 complete months (${range}).` }];
    const parts: HeadlinePart[] = [
      { text: `Of the ` },
      { text: formatFull(cur.total), href: "#chart-new-models" },
      { text: ` models${scope ? ` ${scope}` : ""} created in the last 12 months (${range}), ` },
      { text: formatPercent(cur.pa), href: "#chart-share" },
      { text: ` carry ${frameworkName(a)} weights and ` },
      { text: formatPercent(cur.pb), href: "#chart-share" },
      { text: ` ${frameworkName(b)}` },
    ];
    if (prev.total > 0) {
      parts.push({ text: "; a year earlier it was " }, { text: formatPercent(prev.pa), href: "#chart-share" }, { text: " and " }, { text: formatPercent(prev.pb), href: "#chart-share" }, { text: "." });
    } else parts.push({ text: "." });
    return parts;
  });
}

/** The chart the controls drive: lens x view x mode x scale. */
export function getMainChart(ctx: Ctx): ChartData {
  const { lens, view, mode } = ctx.state;
  const share = mode === "share";
  if (lens === "downloads") return getDownloadsByCrawl(ctx, { measure: view === "new" ? "downloadsSincePrev" : "downloadsAllTime", share });
  if (lens === "exclusive") return getExclusiveByPeriod(ctx, { view, share });
  return getModelsByPeriod(ctx, { view, share });
}

export interface Overview {
  main: ChartData;
  cards: ChartData[];
  tasks: TableData;
  stats: FrameworkStats;
  statsTable: TableData;
  headline: HeadlinePart[];
}

/** Everything the overview page shows (and GET /api/trends returns). */
export function getOverview(ctx: Ctx): Overview {
  const stats = getFrameworkStats(ctx);
  return {
    main: getMainChart(ctx),
    cards: [
      getNewModelsByPeriod(ctx),
      getModelShareByPeriod(ctx),
      getCumulativeModelsByPeriod(ctx),
      getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false }),
      getDownloadsByCrawl(ctx, { measure: "downloads30d", share: true }),
      getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false }),
      getExclusiveByPeriod(ctx, { view: "new", share: false }),
      getExclusiveDownloadsByCrawl(ctx, { share: true }),
    ],
    tasks: getFrameworksByTask(ctx),
    stats,
    statsTable: statsTable(stats, ctx.state, ctx),
    headline: getHeadline(ctx),
  };
}


// ---------------------------------------------------------------------------------------------
// Totals the report prints
// ---------------------------------------------------------------------------------------------

export interface ExclusiveTotals {
  pair: [string, string];
  ids: string[];
  labels: string[];
  /** Models alive now created in the range, per group (only A, only B, both, neither). */
  models: number[];
  /** Their 30-day downloads as of the latest crawl. */
  downloads30d: number[];
}

/** The exclusive groups over the view's range (the stats table's set of models). */
export function getExclusiveTotals(ctx: Ctx): ExclusiveTotals {
  return memo(ctx, "exclusiveTotals", () => {
    const pair = exclusivePair(ctx.state);
    const range = rangeSums(ctx, ctx.state.frameworks, "exclusive");
    const models = X_IDS.map((x) => get(range, x).models);
    const downloads30d = X_IDS.map((x) => get(range, x).downloads30d);
    const ids = EXCLUSIVE_IDS(pair);
    return { pair, ids, labels: ids.map((id) => seriesStyle(id, pair).label), models, downloads30d };
  });
}

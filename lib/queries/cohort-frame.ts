/**
 * Creation cohorts: the view's models alive now, summed per creation period and series, framed to
 * the complete periods of the range. The cohort charts, the task table and the stats table read it.
 */
import { dayLabel, dropIncomplete, listPeriods, periodFullLabel, periodLabel, periodStart } from "../charts/periods";
import type { Granularity } from "../url-state";
import { memo, key, type Ctx } from "./context";
import { cohortSums, type SumRow, type Sums } from "./sources";
import { addAll, get, seriesIds, viewCols, type ColKind } from "./view-series";

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
export function cohortRows(ctx: Ctx, g: Granularity, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series", withDownloads = false): SumRow[] {
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

export function periodAxis(frame: CohortFrame) {
  return {
    x: frame.periods,
    xLabels: frame.periods.map((p) => periodLabel(p, frame.granularity)),
    xFull: frame.periods.map((p) => periodFullLabel(p, frame.granularity)),
  };
}

export function droppedNote(frame: CohortFrame, asOf: string | null): string | null {
  if (!frame.dropped || !asOf) return null;
  return `${periodFullLabel(frame.dropped, frame.granularity)} is left out: it is not over yet (data as of ${dayLabel(asOf)}), so its count would look like a drop.`;
}

/**
 * Sums over the view's date range (whole periods; the incomplete one included; open start = all
 * and the floor-dated repos), from the same per-period rows as the charts (one SQL scan).
 */
export function rangeSums(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series"): Sums {
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

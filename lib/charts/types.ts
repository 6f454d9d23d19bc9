/** Chart-ready data: what a query returns, what a card plots, exports and describes. Plain JSON. */

export interface SeriesData {
  id: string;
  label: string;
  color: string;
  values: (number | null)[];
}

export type Unit = "models" | "downloads" | "percent" | "likes";

export interface ChartData {
  /** Stable id, also the card's anchor (#chart-<id>). */
  id: string;
  /** The measure and unit in plain words. */
  title: string;
  unit: Unit;
  /** What the x axis is: creation periods, crawls, or categories (tasks). */
  xKind: "period" | "crawl" | "category";
  /** Keys of the x values (period starts, crawl ids, task names), exported as is. */
  x: string[];
  /** Short axis labels. */
  xLabels: string[];
  /** Full labels for the tooltip title and exports ("March 2024", "week of 4 Mar 2024"). */
  xFull: string[];
  series: SeriesData[];
  type: "line" | "bar";
  stacked: boolean;
  /** Values are percentages (0-100). */
  share: boolean;
  /** Logarithmic y axis (never with share). */
  log: boolean;
  /** One sentence: what is counted. */
  caption: string;
  /** Caveats that apply to this chart, one line each. */
  caveats: string[];
  /** Shown under the chart, e.g. "November 2026 is left out: it is not over yet (data as of ...)". */
  note: string | null;
  /** When there is nothing to plot: what happened and what to do. */
  empty: string | null;
  /**
   * Shares only: the smallest denominator (models) a share is drawn from; below it the value is
   * null (a gap). lib/charts/series.ts MIN_SHARE_BASE.
   */
  minShareBase?: number;
  /** Crawl charts: each point's crawl date (YYYY-MM-DD, UTC), for a time axis with real spacing. */
  xDates?: string[];
  /** A series drawn bold, the rest thinner (a framework's own page against its comparison). */
  emphasis?: string;
  /** Where the first two picked series cross for good (lib/charts/crossover.ts); marked on the chart. */
  crossover?: ChartCrossover | null;
}

export interface ChartCrossover {
  leader: string;
  trailer: string;
  /** The x key from which the leader stayed ahead; null when it led at every counted point. */
  x: string | null;
  /** Full label of that point ("October 2019", "crawl of 4 Mar 2026"); null with x. */
  label: string | null;
  /** Full label of the first counted point (for "has led since"). */
  sinceLabel: string;
}

export interface TableData {
  id: string;
  title: string;
  caption: string;
  caveats: string[];
  columns: { key: string; label: string; numeric: boolean }[];
  rows: { key: string; color?: string; href?: string; cells: (string | number | null)[] }[];
  empty: string | null;
}

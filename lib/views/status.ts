/** The header's status line and GET /api/status, from getDataStatus (live, never cached). */
import { formatFull } from "../charts/format";
import { instantLabel } from "../charts/periods";
import { getReadDb } from "../queries/db";
import { getDataStatus, type DataStatus } from "../queries/status";
import { computeHealth, type Health } from "../ops/health";
import { webConfig } from "../ops/web-config";
import { currentScheduler } from "../scheduler/state";
import type { Sqlite } from "../../db/index";

export interface StatusView {
  asOf: string | null;
  asOfIso: string | null;
  lastFullCrawlId: number | null;
  version: string;
  /** "crawl running: 1,234 of ~3,100,000 models (4%)" */
  running: string | null;
  error: string | null;
  /**
   * What /api/health answers (ok = 200; stale and no-data = 503): the header's dot is green only
   * when it is "ok", so the dot and the health check never disagree.
   */
  health: Health["status"] | "unknown";
  healthMessage: string | null;
  /** The scheduler cannot reach the Hub: what to tell the reader (and `npm run demo` offline). */
  hubUnreachable: string | null;
}

type Extra = Pick<StatusView, "health" | "healthMessage" | "hubUnreachable">;

const NO_EXTRA: Extra = { health: "unknown", healthMessage: null, hubUnreachable: null };

/** Health as /api/health computes it, and the scheduler's word on the Hub. */
function extraOf(sqlite: Sqlite): Extra {
  const cfg = webConfig();
  const h = computeHealth(sqlite, cfg);
  const sched = currentScheduler(sqlite);
  const hubUnreachable =
    sched?.alive && sched.state === "hub-unreachable"
      ? `The Hub at ${cfg.hub} cannot be reached (${(sched.lastError ?? "no answer").replace(/^Hub unreachable: /, "")}), so no crawl can run; ` +
        "the scheduler keeps trying. Without network, npm run demo shows the whole dashboard on a generated Hub."
      : null;
  return { health: h.status, healthMessage: h.message, hubUnreachable };
}

export function toStatusView(s: DataStatus, extra: Extra = NO_EXTRA): StatusView {
  const r = s.running;
  return {
    asOf: s.lastFull?.finishedAt ? instantLabel(s.lastFull.finishedAt) : null,
    asOfIso: s.lastFull?.finishedAt ? new Date(s.lastFull.finishedAt).toISOString() : null,
    lastFullCrawlId: s.lastFull?.id ?? null,
    version: s.version,
    running: r
      ? `${r.kind} crawl running: ${formatFull(r.models)}${r.expected ? ` of ~${formatFull(r.expected)}` : ""} models${r.percent !== null ? ` (${r.percent.toFixed(0)}%)` : ""}`
      : null,
    error: null,
    ...extra,
  };
}

export function readStatusSafe(): StatusView {
  try {
    const sqlite = getReadDb();
    return toStatusView(getDataStatus(sqlite), extraOf(sqlite));
  } catch (err) {
    return { asOf: null, asOfIso: null, lastFullCrawlId: null, version: "", running: null, error: err instanceof Error ? err.message : String(err), ...NO_EXTRA };
  }
}

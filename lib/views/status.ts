/** The header's status line and GET /api/status, from getDataStatus (live, never cached). */
import { formatFull } from "../charts/format";
import { instantLabel } from "../charts/periods";
import { getReadDb } from "../queries/db";
import { getDataStatus, type DataStatus } from "../queries/status";

export interface StatusView {
  asOf: string | null;
  asOfIso: string | null;
  lastFullCrawlId: number | null;
  version: string;
  /** "crawl running: 1,234 of ~3,100,000 models (4%)" */
  running: string | null;
  error: string | null;
}

export function toStatusView(s: DataStatus): StatusView {
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
  };
}

export function readStatusSafe(): StatusView {
  try {
    return toStatusView(getDataStatus(getReadDb()));
  } catch (err) {
    return { asOf: null, asOfIso: null, lastFullCrawlId: null, version: "", running: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Chart 5 by downloads: 30-day downloads of only A, only B, both, or neither, per crawl. */
import { toShare, type Value } from "../charts/series";
import { frameworkName } from "../charts/style";
import type { ChartData } from "../charts/types";
import { basisCaveat, CAVEAT } from "./caveats";
import { memo, type Ctx } from "./context";
import { crawlAxis, getCrawlFrame } from "./crawl-frame";
import { emptyChart, NO_MATCH, noData } from "./empty";
import { EXCLUSIVE_IDS, exclusivePair, series, X_IDS } from "./view-series";

/** Chart 5 by downloads: 30-day downloads of A only / B only / both / neither per crawl. */
export function getExclusiveDownloadsByCrawl(ctx: Ctx, opts: { share: boolean }): ChartData {
  return memo(ctx, "exclusiveDownloads", () => {
    const { state } = ctx;
    const pair = exclusivePair(state);
    const [an, bn] = pair.map((id) => frameworkName(id, ctx.state.basis));
    const base = { id: `exclusive-downloads${opts.share ? "-share" : ""}`, title: opts.share ? `${an} vs ${bn}: share of 30-day downloads as of each crawl (%)` : `${an} vs ${bn}: 30-day downloads as of each crawl (downloads)`, unit: opts.share ? ("percent" as const) : ("downloads" as const), xKind: "crawl" as const, type: (opts.share || state.scale === "log" ? "line" : "bar") as ChartData["type"], stacked: !opts.share && state.scale !== "log", share: opts.share, log: state.scale === "log" && !opts.share, caption: state.buckets.includes("neither") ? `The 30-day downloads of repos with only ${an}, only ${bn}, both, or neither: each repo is in one group, so the groups add up to all downloads.` : `The 30-day downloads of repos with ${an} or ${bn}: only ${an}, only ${bn}, or both (add "Neither" with buckets=neither).`, caveats: [basisCaveat(state.basis, true), CAVEAT.downloads, CAVEAT.gguf] };
    if (!ctx.status.lastFull) return emptyChart(base, noData(ctx));
    const frame = getCrawlFrame(ctx, "downloads30d", "exclusive");
    if (frame.crawls.length === 0) return emptyChart(base, NO_MATCH);
    const groups = X_IDS.map((x) => frame.crawls.map((c) => frame.cells.get(c.id)?.get(x)?.downloads30d ?? 0));
    const withNeither = state.buckets.includes("neither");
    // Default base: the downloads of repos with A or B; all downloads only with "Neither" opted in.
    const totals = withNeither
      ? frame.crawls.map((c) => frame.cells.get(c.id)?.get("total")?.downloads30d ?? 0)
      : frame.crawls.map((_, i) => groups[0][i] + groups[1][i] + groups[2][i]);
    const ids = EXCLUSIVE_IDS(pair);
    const out = new Map<string, Value[]>(ids.map((sid, k) => [sid, opts.share ? toShare(groups[k], totals, 0) : groups[k]]));
    return { ...base, ...crawlAxis(frame.crawls), series: series(withNeither ? ids : ids.slice(0, 3), out, ctx.state.basis, pair), note: null, empty: null };
  }, String(opts.share));
}

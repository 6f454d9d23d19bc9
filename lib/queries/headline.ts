/** The overview's one-sentence answer, each number linking to the chart it comes from. */
import { bitOf } from "../frameworks/classify";
import { addMonths, periodLabel, periodStart } from "../charts/periods";
import { frameworkName } from "../charts/style";
import type { Basis } from "../frameworks/lenses";
import { formatFull, formatPercent } from "../charts/format";
import { memo, type Ctx } from "./context";
import { cohortSums, seriesCols } from "./sources";
import { exclusivePair, get, selectedBits } from "./view-series";
import type { ChartData } from "../charts/types";
import { getNewModelsByPeriod } from "./models-by-period";
import { getDownloadsByCrawl } from "./downloads-by-crawl";

export interface HeadlinePart {
  text: string;
  /** Anchor of the chart the number comes from. */
  href?: string;
}

/**
 * Framework lens: "Of the 412,000 models created in the last 12 months (Dec 2025 – Nov 2026), 61% are
 * for PyTorch and 0.9% for TensorFlow; a year earlier 64% and 1.4%. 30% are undetermined."
 * Tag lens: "... 6.7% carry PyTorch (`pytorch` tag) weight files and 0.2% TensorFlow (tf)'s ...".
 * From complete months, first two frameworks of the view.
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
    const fw = state.basis === "framework";
    // The tag lens names the tag itself ("pytorch"), never the framework: a tag is a file format.
    const tagName = (id: string) => (id === "tensorflow" ? "TensorFlow (tf)" : `${frameworkName(id, "framework")} (\`${id}\` tag)`);
    const cols = seriesCols(selectedBits([a, b]), [bitOf(a), bitOf(b)]).filter((c) => c.id === a || c.id === b || c.id === "total" || c.id === "none");
    const rows = cohortSums(ctx.sqlite, state, "month", cols, "period").filter((r) => r.floor === 0);
    const sum = (from: string, to: string) => {
      let total = 0, na = 0, nb = 0, none = 0;
      for (const r of rows) {
        if (r.key < from || r.key >= to) continue;
        total += get(r.sums, "total").models;
        na += get(r.sums, a).models;
        nb += get(r.sums, b).models;
        none += get(r.sums, "none").models;
      }
      return { total, pa: total ? (100 * na) / total : null, pb: total ? (100 * nb) / total : null, pn: total ? (100 * none) / total : null };
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
      ...(fw
        ? [{ text: ` are for ${frameworkName(a)} and ` }, { text: formatPercent(cur.pb), href: "#chart-share" }, { text: ` for ${frameworkName(b)}` }]
        : [{ text: ` carry ${tagName(a)} weight files and ` }, { text: formatPercent(cur.pb), href: "#chart-share" }, { text: ` ${tagName(b)}'s` }]),
    ];
    if (prev.total > 0) {
      parts.push({ text: "; a year earlier " }, { text: formatPercent(prev.pa), href: "#chart-share" }, { text: " and " }, { text: formatPercent(prev.pb), href: "#chart-share" }, { text: "." });
    } else parts.push({ text: "." });
    parts.push({ text: " " }, { text: formatPercent(cur.pn), href: "#chart-share" }, { text: fw ? " are undetermined (no rule places them)." : " carry no weight-format tag." });
    if (state.frameworks.length >= 2) {
      parts.push(...crossoverSentence(getNewModelsByPeriod(ctx), "in new models", "#chart-new-models", state.basis));
      parts.push(...crossoverSentence(getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false }), "in 30-day downloads", "#chart-downloads-30d", state.basis));
    }
    return parts;
  });
}

/**
 * " PyTorch overtook TensorFlow in new models in October 2019 and has stayed ahead." from the chart's
 * crossover mark (the same one the chart draws, so the two always agree); who leads when there is none.
 */
export function crossoverSentence(chart: ChartData, measure: string, href: string, basis: Basis = "framework"): HeadlinePart[] {
  const c = chart.crossover;
  if (!c) return [];
  const [l, t] = [frameworkName(c.leader, basis), frameworkName(c.trailer, basis)];
  if (c.label) return [{ text: ` ${l} overtook ${t} ${measure} in ` }, { text: c.label, href }, { text: " and has stayed ahead." }];
  return [{ text: ` ${l} has led ${t} ${measure} at every point since ` }, { text: c.sinceLabel, href }, { text: "." }];
}

/**
 * A fake Hub with a known answer (lib/fake-hub ProfileOptions): TensorFlow ahead in new models until
 * a known month, PyTorch from it, and a constant download rate per model, crawled weekly then daily.
 * The charts' crossover mark, the headline's sentence and the per-day downloads must match it.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { parseViewState, type ViewState } from "../../lib/url-state";
import { makeCtx } from "../../lib/queries/context";
import { clearQueryCache } from "../../lib/queries/cache";
import { getNewModelsByPeriod, getModelShareByPeriod } from "../../lib/queries/models-by-period";
import { getDownloadsByCrawl } from "../../lib/queries/downloads-by-crawl";
import { getHeadline } from "../../lib/queries/headline";
import { KNOWN_CROSSOVER_MONTH as CROSSOVER_MONTH, KNOWN_HUB, seededDb } from "../helpers/seeded";

let sqlite: Sqlite;
beforeAll(async () => {
  const { file } = await seededDb(KNOWN_HUB);
  sqlite = openSqlite(file, { readonly: true, migrate: false });
}, 300_000);
afterAll(() => sqlite?.close());

function state(q: string): ViewState {
  const r = parseViewState(new URLSearchParams(q));
  if (!r.ok) throw r.error;
  return r.value;
}

describe("a Hub with a known crossover", () => {
  test("the new-models chart marks the generator's month and the headline states it", () => {
    clearQueryCache();
    const ctx = makeCtx(sqlite, state(""));
    const chart = getNewModelsByPeriod(ctx);
    expect(chart.series.map((s) => s.id)).toEqual(["pytorch", "tensorflow"]);
    expect(chart.crossover).toMatchObject({ leader: "pytorch", trailer: "tensorflow", x: `${CROSSOVER_MONTH}-01`, label: "March 2025" });
    const text = getHeadline(ctx).map((p) => p.text).join("");
    expect(text).toContain("PyTorch overtook TensorFlow in new models in March 2025 and has stayed ahead.");
    // The share chart carries the same mark and states its threshold.
    const share = getModelShareByPeriod(ctx);
    expect(share.crossover?.x).toBe(`${CROSSOVER_MONTH}-01`);
    expect(share.minShareBase).toBe(30);
  });

  test("by quarter, the crossover is the first quarter PyTorch wins whole: Q1 2025 has two TensorFlow months", () => {
    // In the tag lens: the framework lens also counts the safetensors-only PyTorch libraries (diffusers,
    // peft, ...), which lead TensorFlow in every month, so its quarter can win earlier.
    const chart = getNewModelsByPeriod(makeCtx(sqlite, state("basis=tags&granularity=quarter")));
    expect(chart.crossover?.label).toBe("2025 Q2");
  });

  test("downloads per day stay flat when crawls go from weekly to daily (constant rate per model)", () => {
    const ctx = makeCtx(sqlite, state("buckets=other,none"));
    const chart = getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false });
    expect(chart.xDates?.length).toBe(chart.x.length);
    // Sum every series: all models gain 10 a day, so the total per day is 10 x the models alive.
    const total = chart.x.map((_, i) => chart.series.reduce((t, s) => t + (s.values[i] ?? 0), 0));
    const weekly = total[total.length - 5]; // 14 -> 7 days before the anchor: a weekly interval
    const daily = total[total.length - 1]; // 1 -> 0: a daily interval
    expect(weekly).toBeGreaterThan(0);
    // The Hub grows by a few models a day, so allow a few percent; a per-interval sum would drop ~86%.
    expect(Math.abs(daily - weekly) / weekly).toBeLessThan(0.05);
  });
});

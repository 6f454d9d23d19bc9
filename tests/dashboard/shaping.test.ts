/** The pure shaping behind every chart: UTC periods, gap filling, shares, cumulative, top N, CSV. */
import { describe, expect, test } from "vitest";
import {
  addMonths, dropIncomplete, listPeriods, nextPeriod, periodEnd, periodFullLabel, periodLabel, periodStart,
} from "../../lib/charts/periods";
import { cumulative, growth, toShare } from "../../lib/charts/series";
import { escapeCsvCell, toCsv } from "../../lib/charts/csv";
import { formatCompact, formatFull, formatPercent } from "../../lib/charts/format";

describe("UTC periods", () => {
  test.each([
    ["2024-03-04", "week", "2024-03-04"], // a Monday
    ["2024-03-10", "week", "2024-03-04"], // Sunday belongs to the week started on Monday
    ["2024-01-01", "week", "2024-01-01"],
    ["2023-01-01", "week", "2022-12-26"], // across a year boundary
    ["2024-03-31", "month", "2024-03-01"],
    ["2024-02-29", "quarter", "2024-01-01"],
    ["2024-12-31", "quarter", "2024-10-01"],
  ] as const)("periodStart(%s, %s) = %s", (d, g, want) => {
    expect(periodStart(d, g)).toBe(want);
  });

  test.each([
    ["2024-12-30", "week", "2025-01-06"],
    ["2024-12-01", "month", "2025-01-01"],
    ["2024-10-01", "quarter", "2025-01-01"],
  ] as const)("nextPeriod(%s, %s) = %s", (p, g, want) => {
    expect(nextPeriod(p, g)).toBe(want);
  });

  test("listPeriods covers whole periods, in order, without gaps", () => {
    expect(listPeriods("2024-01-15", "2024-04-02", "month")).toEqual(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]);
    expect(listPeriods("2023-11-20", "2024-02-01", "quarter")).toEqual(["2023-10-01", "2024-01-01"]);
    const weeks = listPeriods("2024-02-20", "2024-03-20", "week");
    expect(weeks).toEqual(["2024-02-19", "2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18"]);
    expect(periodEnd("2024-02-01", "month")).toBe("2024-02-29");
  });

  test.each([
    ["2024-03-01", "month", "Mar 2024", "March 2024"],
    ["2024-01-01", "quarter", "2024 Q1", "2024 Q1"],
    ["2024-03-04", "week", "4 Mar 2024", "week of 4 Mar 2024"],
  ] as const)("labels of %s (%s)", (p, g, short, full) => {
    expect(periodLabel(p, g)).toBe(short);
    expect(periodFullLabel(p, g)).toBe(full);
  });

  test("the period holding the data's date is dropped as incomplete", () => {
    const ps = listPeriods("2026-08-01", "2026-11-27", "month");
    expect(dropIncomplete(ps, "2026-11-27", "month")).toEqual({ kept: ["2026-08-01", "2026-09-01", "2026-10-01"], dropped: "2026-11-01" });
    expect(dropIncomplete(["2026-08-01"], "2026-11-27", "month")).toEqual({ kept: ["2026-08-01"], dropped: null });
  });

  test("addMonths clamps the day", () => {
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2026-11-01", -12)).toBe("2025-11-01");
  });
});

describe("series shaping", () => {
  test.each([
    [[1, 2, null], [4, 0, 5], [25, null, null]],
    [[0, 3], [3, 3], [0, 100]],
  ])("toShare(%j, %j) = %j", (v, t, want) => {
    expect(toShare(v, t)).toEqual(want);
  });

  test("cumulative starts from the stock and keeps nulls", () => {
    expect(cumulative([1, 2, null, 3], 10)).toEqual([11, 13, null, 16]);
  });

  test("growth", () => {
    expect(growth(110, 100)).toBeCloseTo(10);
    expect(growth(1, 0)).toBeNull();
    expect(growth(null, 1)).toBeNull();
  });
});

describe("CSV and number formats", () => {
  test.each([
    ["=cmd|' -C calc'!A0", "'=cmd|' -C calc'!A0"],
    ["+SUM(1,2)", `"'+SUM(1,2)"`],
    ["-1+2", "'-1+2"],
    ["@cell", "'@cell"],
    ['say "hi"', `"say ""hi"""`],
    ["<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"],
    ["a\nb", `"a\nb"`],
  ])("escapeCsvCell(%j)", (raw, want) => {
    expect(escapeCsvCell(raw)).toBe(want);
  });

  test("numbers stay numbers (negative ones too), nulls are empty", () => {
    expect(toCsv(["x", "y"], [["a", -3], ["b", null], ["c", 1.5]])).toBe("x,y\r\na,-3\r\nb,\r\nc,1.5\r\n");
  });

  test.each([
    [999, "999"], [1200, "1.2k"], [12_000, "12k"], [1_234_567, "1.23M"], [3_100_000_000, "3.1B"],
  ])("formatCompact(%d) = %s", (n, want) => {
    expect(formatCompact(n)).toBe(want);
  });

  test("full numbers and percentages", () => {
    expect(formatFull(1234567)).toBe("1,234,567");
    expect(formatPercent(61.234)).toBe("61.2%");
    expect(formatPercent(0.94)).toBe("0.94%");
    expect(formatPercent(null)).toBe("–");
  });
});

describe("query cache", () => {
  test("answers are kept until the data version (the last completed crawl) changes", async () => {
    const { cached, clearQueryCache } = await import("../../lib/queries/cache");
    clearQueryCache();
    let calls = 0;
    const f = () => ++calls;
    expect(cached("12:1000", "k", f)).toBe(1);
    expect(cached("12:1000", "k", f)).toBe(1);
    expect(cached("12:1000", "other", f)).toBe(2);
    expect(cached("13:2000", "k", f)).toBe(3); // a crawl completed: recomputed
    expect(cached("13:2000", "k", f)).toBe(3);
    process.env.HF_TRENDS_QUERY_CACHE = "off";
    try {
      expect(cached("13:2000", "k", f)).toBe(4);
    } finally {
      delete process.env.HF_TRENDS_QUERY_CACHE;
    }
  });
});

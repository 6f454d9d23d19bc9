/** The one parser of the dashboard's URL state: pages, API and report share it. */
import { describe, expect, test } from "vitest";
import { DEFAULT_VIEW, parseViewState, parseViewStateLenient, toSearchParams, withChanges } from "../../lib/url-state";

const parse = (q: string) => parseViewState(new URLSearchParams(q));

describe("parseViewState", () => {
  test("no parameter gives the defaults", () => {
    expect(parse("")).toEqual({ ok: true, value: DEFAULT_VIEW });
  });

  test.each([
    ["bogus=1", "bogus"],
    ["frameworks=pytorch,nope", "frameworks"],
    ["frameworks=", "frameworks"],
    ["from=2024-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2024-05-01&to=2024-01-01", "from"],
    ["granularity=day", "granularity"],
    ["lens=stars", "lens"],
    ["mode=share&scale=log", "scale"],
    ["view=total", "view"],
    ["granularity=week&granularity=month", "granularity"],
    ["lens=exclusive&frameworks=pytorch", "frameworks"],
    [`author=${"x".repeat(201)}`, "author"],
    ["q=%00abc", "q"],
  ])("?%s is an error naming %s", (q, param) => {
    const r = parse(q);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.param).toBe(param);
      expect(r.error.message).toContain(param);
    }
  });

  test("canonical URL: defaults omitted, frameworks in config order, round trip", () => {
    const r = parse("frameworks=gguf,pytorch&mode=share&granularity=month&author=%3Cscript%3E");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const qs = toSearchParams(r.value).toString();
    expect(qs).toBe("frameworks=pytorch%2Cgguf&mode=share&author=%3Cscript%3E");
    expect(parse(qs)).toEqual(r);
  });

  test("switching to share mode turns the log scale off instead of making an invalid URL", () => {
    const next = withChanges({ ...DEFAULT_VIEW, scale: "log" }, { mode: "share" });
    expect(next.scale).toBe("linear");
    expect(parse(toSearchParams(next).toString()).ok).toBe(true);
  });
});

describe("picked series, buckets and hidden series", () => {
  test("the default compares PyTorch and TensorFlow with no bucket series", () => {
    expect(DEFAULT_VIEW.frameworks).toEqual(["pytorch", "tensorflow"]);
    expect(DEFAULT_VIEW.buckets).toEqual([]);
    expect(DEFAULT_VIEW.hide).toEqual([]);
  });

  test("buckets and hide round-trip in canonical order", () => {
    const r = parse("buckets=none,other&hide=tensorflow,other");
    expect(r.ok && r.value.buckets).toEqual(["other", "none"]);
    expect(r.ok && r.value.hide).toEqual(["other", "tensorflow"]);
    if (r.ok) expect(toSearchParams(r.value).toString()).toBe("buckets=other%2Cnone&hide=other%2Ctensorflow");
  });

  test("an unknown bucket or series is refused, naming the parameter", () => {
    const b = parse("buckets=everything");
    expect(!b.ok && b.error.param).toBe("buckets");
    const h = parse("hide=<script>");
    expect(!h.ok && h.error.param).toBe("hide");
  });
});

describe("parseViewStateLenient (pages)", () => {
  test("keeps every valid parameter and names each bad one", () => {
    const r = parseViewStateLenient(new URLSearchParams("frameworks=pytorch,jax&granularity=decade&bogus=1&mode=share"));
    expect(r.value.frameworks).toEqual(["pytorch", "jax"]);
    expect(r.value.mode).toBe("share");
    expect(r.value.granularity).toBe(DEFAULT_VIEW.granularity);
    expect(r.errors.map((e) => e.param).sort()).toEqual(["bogus", "granularity"]);
  });

  test("a cross-parameter conflict resets the offending parameter", () => {
    const r = parseViewStateLenient(new URLSearchParams("mode=share&scale=log"));
    expect(r.value.scale).toBe("linear");
    expect(r.errors.map((e) => e.param)).toEqual(["scale"]);
  });
});

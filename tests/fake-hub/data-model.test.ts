/** The generated Hub: deterministic, internally consistent, and shaped like the real one. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { FakeHubData } from "../../lib/fake-hub/generator";
import { frameworksFromFiles } from "../../lib/fake-hub/files";
import { LEGACY_FLOOR_MS, hubCountAt, hubTimeAt, iso, yearOf } from "../../lib/fake-hub/clock";
import { hash32, u01 } from "../../lib/fake-hub/rng";
import { assertNoNulls, encodeId } from "../helpers/hub-pages";

const FW_TAGS = ["pytorch", "tf", "jax", "rust", "coreml", "onnx", "safetensors", "gguf", "keras", "tflite", "openvino"];

let a: FakeHub;
let b: FakeHub;
let c: FakeHub;
beforeAll(async () => {
  [a, b, c] = await Promise.all([
    startFakeHub({ models: 1500, seed: 81, rateLimit: false }),
    startFakeHub({ models: 1500, seed: 81, rateLimit: false }),
    startFakeHub({ models: 1500, seed: 82, rateLimit: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close(), c.close()]);
});

test("two servers with the same seed serve byte-identical responses; another seed differs", async () => {
  const m = a.truth()[700];
  const tfjs = a.truth().find((x) => x.index === 60) as FakeModel;
  const paths = [
    "/api/models?limit=300",
    "/api/models?limit=300&sort=createdAt&expand=tags&expand=downloadsAllTime&expand=siblings&expand=sha",
    "/api/models?filter=safetensors&sort=downloads&limit=50&full=true",
    `/api/models/${encodeId(m.id)}?blobs=true`,
    `/api/models/${encodeId(m.id)}/tree/main?recursive=true&expand=true`,
    `/api/models/${encodeId(m.id)}/commits/main?limit=5`,
    `/${encodeId(m.id)}/resolve/main/README.md`,
    `/${encodeId(tfjs.id)}/resolve/main/group1-shard2of2.bin`,
  ];
  for (const p of paths) {
    const [x, y] = await Promise.all([fetch(a.url + p), fetch(b.url + p)]);
    expect(x.status, p).toBe(200);
    expect(Buffer.from(await x.arrayBuffer()).equals(Buffer.from(await y.arrayBuffer())), p).toBe(true);
    if (p.startsWith("/api/models?")) expect(x.headers.get("link")?.replace(a.url, "")).toBe(y.headers.get("link")?.replace(b.url, ""));
  }
  const [x, z] = await Promise.all([fetch(`${a.url}/api/models?limit=50`), fetch(`${c.url}/api/models?limit=50`)]);
  expect(await x.text()).not.toBe(await z.text());
});

test("every model is internally consistent: _id, dates, tags vs files, no nulls", () => {
  const all = a.truth({ includePrivate: true });
  const ids = new Set<string>();
  let prev: FakeModel | undefined;
  for (const m of all) {
    assertNoNulls(m);
    expect(m.id.split("/").length).toBe(2);
    expect(ids.has(m.id.toLowerCase())).toBe(false);
    ids.add(m.id.toLowerCase());
    expect(m._id).toMatch(/^[0-9a-f]{24}$/);
    expect(parseInt(m._id.slice(0, 8), 16) * 1000).toBe(Date.parse(m.createdAt));
    expect(parseInt(m._id.slice(18), 16)).toBe(m.index);
    if (prev) {
      expect(m._id > prev._id).toBe(true);
      expect(m.createdAt >= prev.createdAt).toBe(true);
    }
    prev = m;
    expect(Date.parse(m.lastModified)).toBeGreaterThanOrEqual(Date.parse(m.createdAt));
    if (m.legacy) {
      expect(Date.parse(m.trueCreatedAt)).toBeLessThan(LEGACY_FLOOR_MS);
      expect(m.createdAt.startsWith("2022-03-02T23:29:0")).toBe(true);
    } else expect(m.trueCreatedAt).toBe(m.createdAt);
    expect(new Set(m.tags).size).toBe(m.tags.length);
    if (m.pipeline_tag) expect(m.tags).toContain(m.pipeline_tag);
    expect([...m.siblings].sort()).toEqual(m.siblings);
    expect(m.siblings[0]).toBe(".gitattributes");
    // Framework tags are exactly what the files imply (plus the library's own name, e.g. keras).
    const fromFiles = frameworksFromFiles(m.siblings);
    for (const t of fromFiles) expect(m.tags, `${m.id} ${t}`).toContain(t);
    for (const t of m.tags) if (FW_TAGS.includes(t)) expect(fromFiles.has(t) || m.library_name === t, `${m.id} ${t}`).toBe(true);
    // The mlx tag is MLX repos' (their card's, whatever their library_name: mlx, mlx-lm, transformers).
    if (m.tags.includes("mlx")) expect(m.kind).toBe("mlx");
    expect(m.sha).toMatch(/^[0-9a-f]{40}$/);
  }
});

test("every pinned repo exists in a 100-model Hub", async () => {
  const small = new FakeHubData({ models: 100, seed: 3 });
  const t = small.truth("2026-11-27", { includePrivate: true });
  const idx = new Set(t.map((m) => m.index));
  for (const i of [0, 1, 41, 43, 45, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 60, 61, 62, 63, 64, 65, 66, 67, small.specials.singleCommitIndex]) expect(idx.has(i), String(i)).toBe(true);
  expect(t.find((m) => m.index === 0)?.legacy).toBe(true);
  expect(t.find((m) => m.index === 48)?.private).toBe(true);
  expect(t.find((m) => m.index === 47)?.gated).toBe("manual");
  expect(t.find((m) => m.index === 65)).toMatchObject({ kind: "tfjs", gated: "auto" });
  expect(t.filter((m) => m.kind === "tfjs").length).toBeGreaterThanOrEqual(2);
});

test("shares look like the real Hub: frameworks shift by creation year, most repos have no downloads", () => {
  const d = new FakeHubData({ models: 20_000, seed: 5 });
  const t = d.truth("2026-11-27", { includePrivate: true });
  const share = (ms: FakeModel[], f: (m: FakeModel) => boolean) => ms.filter(f).length / ms.length;
  const year = (y: number) => t.filter((m) => new Date(m.trueCreatedAt).getUTCFullYear() === y);
  const has = (tag: string) => (m: FakeModel) => m.tags.includes(tag);
  const early = [...year(2019), ...year(2020), ...year(2021)];
  const y2025 = [...year(2025), ...year(2026)];
  expect(early.length).toBeGreaterThan(50);
  expect(share(early, has("pytorch"))).toBeGreaterThan(0.6);
  expect(share(early, has("tf"))).toBeGreaterThan(0.1);
  expect(share(early, has("gguf"))).toBe(0);
  expect(share(y2025, has("safetensors"))).toBeGreaterThan(0.5);
  expect(share(y2025, has("gguf"))).toBeGreaterThan(0.1);
  expect(share(y2025, has("tf"))).toBeLessThan(0.02);
  expect(share(y2025, has("mlx"))).toBeGreaterThan(0.01);
  expect(share([...year(2022), ...year(2023)], has("mlx"))).toBe(0);
  const noFramework = share(t, (m) => !m.tags.some((x) => FW_TAGS.includes(x) || x === "mlx"));
  expect(noFramework).toBeGreaterThan(0.02);
  expect(noFramework).toBeLessThan(0.2);
  expect(share(t, (m) => m.library_name === undefined)).toBeGreaterThan(0.1);
  expect(share(t, (m) => m.library_name === undefined)).toBeLessThan(0.3);
  expect(share(t, (m) => m.pipeline_tag === undefined)).toBeGreaterThan(0.1);
  expect(share(t, (m) => m.pipeline_tag === undefined)).toBeLessThan(0.3);
  expect(share(t, (m) => m.downloadsAllTime === 0)).toBeGreaterThan(0.4);
  expect(share(t, (m) => m.gated !== false)).toBeGreaterThan(0.01);
  expect(share(t, (m) => m.gated !== false)).toBeLessThan(0.06);
  expect(share(t, (m) => m.private)).toBeGreaterThan(0.004);
  expect(share(t, (m) => m.private)).toBeLessThan(0.02);
  const tasks = new Map<string, number>();
  for (const m of t) if (m.pipeline_tag) tasks.set(m.pipeline_tag, (tasks.get(m.pipeline_tag) ?? 0) + 1);
  expect([...tasks.entries()].sort((x, y) => y[1] - x[1])[0][0]).toBe("text-generation");
  expect(tasks.size).toBeGreaterThan(15);
  const legacy = t.filter((m) => m.legacy);
  expect(legacy.length / t.length).toBeGreaterThan(0.005);
  expect(legacy.length / t.length).toBeLessThan(0.015);
  expect(legacy.some((m) => m.createdAt === "2022-03-02T23:29:05.000Z")).toBe(true);
});

test("clock and hashing helpers: fast ISO dates, years, the growth curve and its inverse", () => {
  for (let k = 0; k < 20_000; k++) {
    const ms = Math.floor(u01(1, k, 2) * 4e9) * 1000; // 1970..2096, whole seconds
    expect(iso(ms)).toBe(new Date(ms).toISOString());
    expect(yearOf(ms)).toBe(new Date(ms).getUTCFullYear());
  }
  expect(iso(1234)).toBe(new Date(1234).toISOString());
  for (const day of ["2022-06-01", "2023-01-24", "2024-09-25", "2025-03-13", "2026-08-14"]) {
    const t = Date.parse(`${day}T00:00:00Z`);
    expect(hubTimeAt(hubCountAt(t))).toBeCloseTo(t, -1);
  }
  expect(hubCountAt(Date.parse("2024-09-25T00:00:00Z"))).toBe(1_000_000);
  expect(hubCountAt(Date.parse("2025-03-13T00:00:00Z"))).toBe(1_500_000);
  const seen = new Set<number>();
  for (let k = 0; k < 10_000; k++) seen.add(hash32(7, k, 3));
  expect(seen.size).toBe(10_000);
});

/**
 * sort=createdAt pages of a 1,000,000-model Hub are built without materialising the Hub. Prints the
 * throughput twice: the server's own work on one core (page building + JSON, no HTTP), and over
 * loopback with the server in its own process (as the crawler benchmark runs it). No timing
 * assertion: the machine is shared, and other test files run in parallel with this one.
 */
import { afterAll, expect, test } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FakeHubData } from "../../lib/fake-hub/generator";
import { ListIndexCache, listPage, parseListQuery } from "../../lib/fake-hub/listing";
import { buildItem, keysFor } from "../../lib/fake-hub/shape";
import { nextLink } from "./helpers";

const EXPAND = ["pipeline_tag", "private", "gated", "downloads", "likes", "lastModified", "createdAt", "tags", "library_name", "downloadsAllTime"];
const QUERY = `limit=1000&sort=createdAt&${EXPAND.map((e) => `expand=${e}`).join("&")}`;
const PAGES = 40;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
});

test("server work per createdAt page of a 1M-model Hub is O(page) (in process, one core)", () => {
  const data = new FakeHubData({ models: 1_000_000, seed: 91 });
  const dc = data.dayCtx("2026-11-27");
  expect(dc.count).toBe(1_000_000);
  const q = parseListQuery(new URLSearchParams(QUERY), 1000);
  if ("error" in q) throw new Error(q.error);
  const keys = keysFor(q.fields, true);
  const cache = new ListIndexCache();
  let cursor: string | undefined;
  let models = 0;
  let bytes = 0;
  let t0 = 0;
  const WARM = 10; // pages to warm the JIT up, not timed
  for (let p = -WARM; p < PAGES; p++) {
    if (p === 0) t0 = performance.now();
    const parts: string[] = [];
    const page = listPage(data, dc, { ...q, cursor }, false, cache, (v) => parts.push(JSON.stringify(buildItem(data, v, keys, { listing: true }))));
    if ("error" in page) throw new Error(page.error);
    const body = Buffer.from(`[${parts.join(",")}]`);
    if (p >= 0) {
      models += page.count;
      bytes += body.length;
    }
    cursor = page.next;
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`[fake-hub] 1M-model Hub, sort=createdAt, 1000/page, server work only (page + JSON, one core): ${fmt(models / secs)} models/s (${models} models in ${secs.toFixed(2)} s, ${Math.round(bytes / models)} B/model)`);
  expect(models).toBe(PAGES * 1000);
});

test("over loopback, with the fake Hub in its own process, pages arrive complete and in _id order", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-hub.ts", "--port", "0", "--models", "1000000", "--seed", "91", "--no-rate-limit"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise<string>((ok, fail) => {
    let out = "";
    child?.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    child?.on("close", (code) => fail(new Error(`fake hub exited ${code}`)));
  });
  let url: string | undefined = `${base}/api/models?${QUERY}`;
  for (let w = 0; w < 10 && url; w++) {
    const r: Response = await fetch(url);
    await r.arrayBuffer();
    url = nextLink(r.headers);
  }
  const texts: string[] = [];
  const t0 = performance.now();
  for (let p = 0; p < PAGES && url; p++) {
    const r: Response = await fetch(url);
    texts.push(await r.text());
    url = nextLink(r.headers);
  }
  const secs = (performance.now() - t0) / 1000;
  let prev = "g";
  let models = 0;
  for (const t of texts) {
    const items = JSON.parse(t) as { _id: string }[];
    expect(items.length).toBe(1000);
    for (const it of items) {
      expect(it._id < prev).toBe(true);
      prev = it._id;
    }
    models += items.length;
  }
  console.log(`[fake-hub] 1M-model Hub, sort=createdAt, 1000/page over loopback (server process + fetch().text()): ${fmt(models / secs)} models/s (${models} models in ${secs.toFixed(2)} s)`);
  expect(models).toBe(PAGES * 1000);
});

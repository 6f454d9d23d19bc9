/** `npm run report` against direct recounts, and `npm run demo` serving the dashboard offline. */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { bitOf } from "../../lib/frameworks/classify";
import { runCli, startCli, tempDir } from "../helpers/cli";
import { seededDb } from "../helpers/seeded";
import { attributeSql } from "../../lib/frameworks/rules";
import { lensFrameworks } from "../../lib/frameworks/lenses";
import { BUILD_TIMEOUT_MS, buildApp, freePort } from "../helpers/next-server";

let file: string;
let sqlite: Sqlite;

beforeAll(async () => {
  ({ file } = await seededDb());
  sqlite = openSqlite(file, { readonly: true, migrate: false });
}, 120_000);
afterAll(() => sqlite?.close());

interface ReportJson {
  lastFullCrawlId: number;
  frameworks: { rows: { id: string; models: number; downloads30d: number }[]; total: { models: number; downloads30d: number } };
  exclusive: { ids: string[]; models: number[]; downloads30d: number[] };
  concentration: { models: number; topModels: number; topDownloads30d: number; zeroDownloadModels: number; topShare: number };
  newModelsByQuarter: { periods: string[]; series: { id: string; values: number[] }[] };
  newModelsByMonth: { periods: string[]; series: { id: string; values: number[] }[] };
}

describe("npm run report", () => {
  test.each(["framework", "tags"] as const)("--json --basis %s prints the overview's figures, equal to direct recounts, in one shape", async (basis) => {
    const res = await runCli("report.ts", ["--json", "--basis", basis], { DATABASE_PATH: file });
    expect(res.code, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout) as ReportJson & { filters: Record<string, string>; rules: { rules: { id: string; places: number }[]; undetermined: { framework: number; tags: number } } };
    const n = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
    const alive = "gone_since_crawl IS NULL";
    // The lens's mask of a models row: the tag mask, or the rules' attribution (lib/frameworks/rules.ts).
    const M = basis === "framework" ? attributeSql("m.framework_mask", "m.library_name") : "m.framework_mask";
    expect(r.filters.basis).toBe(basis);
    expect(Object.keys(r).sort()).toEqual(["concentration", "dataAsOf", "database", "exclusive", "filters", "frameworks", "lastFullCrawlId", "newModelsByMonth", "newModelsByQuarter", "notes", "rules"]);
    expect(r.frameworks.rows.map((x) => x.id)).toEqual(["pytorch", "tensorflow", ...lensFrameworks(basis).map((f) => f.id).filter((id) => id !== "pytorch" && id !== "tensorflow"), "other", "none"]);
    expect(r.frameworks.rows.find((x) => x.id === "none")!.models).toBe(n(`SELECT count(*) FROM models m WHERE ${alive} AND ${M} = 0`));
    expect(r.rules.undetermined.framework).toBe(n(`SELECT count(*) FROM models m WHERE ${alive} AND ${attributeSql("m.framework_mask", "m.library_name")} = 0`));
    expect(r.rules.rules.find((x) => x.id === "lib-pytorch-safetensors")!.places).toBeGreaterThan(0);
    expect(r.frameworks.total.models).toBe(n(`SELECT count(*) FROM models WHERE ${alive}`));
    for (const f of r.frameworks.rows.filter((x) => x.id !== "other" && x.id !== "none")) {
      expect(f.models, f.id).toBe(n(`SELECT count(*) FROM models m WHERE ${alive} AND (${M} & ${bitOf(f.id)}) != 0`));
      expect(f.downloads30d, f.id).toBe(n(`SELECT COALESCE(sum(downloads_30d), 0) FROM models m WHERE ${alive} AND (${M} & ${bitOf(f.id)}) != 0`));
    }
    const P = `(${M} & ${bitOf("pytorch")}) != 0`;
    const T = `(${M} & ${bitOf("tensorflow")}) != 0`;
    expect(r.exclusive.ids).toEqual(["only:pytorch", "only:tensorflow", "both", "neither"]);
    expect(r.exclusive.models).toEqual([
      n(`SELECT count(*) FROM models m WHERE ${alive} AND ${P} AND NOT ${T}`),
      n(`SELECT count(*) FROM models m WHERE ${alive} AND ${T} AND NOT ${P}`),
      n(`SELECT count(*) FROM models m WHERE ${alive} AND ${P} AND ${T}`),
      n(`SELECT count(*) FROM models m WHERE ${alive} AND NOT ${P} AND NOT ${T}`),
    ]);
    const values = sqlite.prepare("SELECT downloads_30d FROM models WHERE last_seen_crawl = ? ORDER BY 1 DESC").pluck().all(r.lastFullCrawlId) as number[];
    const k = Math.ceil(values.length / 100);
    expect(r.concentration.topModels).toBe(k);
    expect(r.concentration.topDownloads30d).toBe(values.slice(0, k).reduce((a, b) => a + b, 0));
    expect(r.concentration.zeroDownloadModels).toBe(values.filter((v) => v === 0).length);
    // Quarters are sums of months.
    const q = r.newModelsByQuarter;
    const m = r.newModelsByMonth;
    const py = (t: typeof q) => t.series.find((s) => s.id === "pytorch")!.values;
    const lastQ = q.periods.length - 1;
    const monthsOfLastQ = m.periods.map((p, i) => [p, i] as const).filter(([p]) => p >= q.periods[lastQ] && p < `${q.periods[lastQ].slice(0, 5)}${String(+q.periods[lastQ].slice(5, 7) + 3).padStart(2, "0")}-01`);
    expect(py(q)[lastQ]).toBe(monthsOfLastQ.reduce((a, [, i]) => a + py(m)[i], 0));
  });

  test("the text report and its errors", async () => {
    const text = await runCli("report.ts", ["--task", "text-generation"], { DATABASE_PATH: file });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/top 1% \([\d,]+ of [\d,]+ models\) take [\d.]+% of 30-day downloads/);
    expect(text.stdout).toContain("PyTorch only");
    expect(text.stdout).toMatch(/lib-pytorch-safetensors\s+pytorch\s+[\d,]+ placed/);
    const st = await runCli("report.ts", ["--frameworks", "safetensors"], { DATABASE_PATH: file });
    expect(st.code).toBe(2);
    expect(st.stderr).toMatch(/--frameworks: .*safetensors.*weight format, not a framework/);
    const bad = await runCli("report.ts", ["--from", "2024-02-30"], { DATABASE_PATH: file });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from");
  });
});

describe("npm run demo", () => {
  test("builds a database from the fake Hub and serves the dashboard on it, offline", async () => {
    await buildApp();
    const port = await freePort();
    const db = path.join(tempDir("hf-trends-demo-"), "demo.db");
    const child = startCli("demo.ts", ["--models", "1500", "--port", String(port), "--db", db], { HF_TRENDS_DIST_DIR: ".next-test" });
    try {
      let html = "";
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) throw new Error(`demo exited ${child.exitCode}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`);
          if (res.ok) {
            html = await res.text();
            break;
          }
        } catch {
          /* not up yet */
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      const text = html.replace(/<[^>]+>/g, "");
      expect(text).toContain("Which framework is winning");
      expect(/Of the [\d,]+ models/.test(text)).toBe(true);
      const api = (await (await fetch(`http://127.0.0.1:${port}/api/trends?lens=downloads`)).json()) as { main: { x: string[] } };
      expect(api.main.x.length).toBeGreaterThanOrEqual(10); // history across many crawls
      // The runner's fixtures are mounted in the demo's Hub: /try can run a model with a known output.
      const check = (await (await fetch(`http://127.0.0.1:${port}/api/runner/check?model=runner-fixtures/tiny-layers`)).json()) as { ok: boolean };
      expect(check).toMatchObject({ ok: true });
    } finally {
      child.kill("SIGTERM");
      await child.result;
    }
  }, BUILD_TIMEOUT_MS);
});

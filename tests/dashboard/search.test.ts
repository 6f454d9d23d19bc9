/**
 * Model search: a substring of the repo id (author included) from the FTS5 trigram index built when
 * a crawl completes, most downloaded first; under 3 characters, or before the index exists, the
 * prefix path. Checked against a plain LIKE recount on a database built through the real crawl.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { searchIndexReady, searchModels } from "../../lib/queries/models";
import { buildSearchIndex } from "../../lib/crawl/search-index";
import { seededDb } from "../helpers/seeded";
import { tempDir } from "../helpers/cli";

let sqlite: Sqlite;
let file: string;
beforeAll(async () => {
  ({ file } = await seededDb({ backfill: false, files: false }));
  sqlite = openSqlite(file, { readonly: true, migrate: false });
}, 300_000);
afterAll(() => sqlite?.close());

/** The top hits by 30-day downloads whose repo id contains q, any case (ties by id, as the index ranks). */
function recount(db: Sqlite, q: string, limit = 30): string[] {
  return (db
    .prepare(`SELECT repo_id AS r FROM models WHERE gone_since_crawl IS NULL AND instr(lower(repo_id), lower(?)) > 0 ORDER BY downloads_30d DESC, id LIMIT ?`)
    .all(q, limit) as { r: string }[]).map((x) => x.r);
}

describe("substring search", () => {
  test("the completed crawls built the index", () => {
    expect(searchIndexReady(sqlite)).toBe(true);
  });

  test("a substring from the middle of a name finds it and every other match, most downloaded first", () => {
    // A popular model's name, cut in its middle (never its start): what a user remembers of it.
    const { r } = sqlite.prepare("SELECT repo_id AS r FROM models WHERE gone_since_crawl IS NULL AND length(repo_id) > 14 AND instr(repo_id, '\"') = 0 ORDER BY downloads_30d DESC LIMIT 1").get() as { r: string };
    const name = r.slice(r.indexOf("/") + 1);
    const q = name.slice(2, 7).toUpperCase();
    const hits = searchModels(sqlite, q);
    expect(hits.map((h) => h.repoId)).toContain(r);
    expect(hits.map((h) => h.repoId)).toEqual(recount(sqlite, q));
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].downloads30d).toBeGreaterThanOrEqual(hits[i].downloads30d);
    expect(hits[0].frameworks).toBeInstanceOf(Array);
  });

  test("hits carry both lenses: a transformers model with safetensors weights only is PyTorch, and its tags say safetensors", () => {
    const { r } = sqlite.prepare(`SELECT repo_id AS r FROM models WHERE gone_since_crawl IS NULL AND library_name = 'transformers'
      AND tags LIKE '%"safetensors"%' AND tags NOT LIKE '%"pytorch"%' AND tags NOT LIKE '%"mlx"%' AND length(repo_id) > 8 ORDER BY downloads_30d DESC LIMIT 1`).get() as { r: string };
    const hit = searchModels(sqlite, r).find((h) => h.repoId === r)!;
    expect(hit.byBasis.framework).toContain("pytorch");
    expect(hit.byBasis.tags).toContain("safetensors");
    expect(hit.byBasis.tags).not.toContain("pytorch");
    expect(hit.frameworks).toEqual(hit.byBasis.framework); // the default lens
    expect(searchModels(sqlite, r, 30, "tags").find((h) => h.repoId === r)!.frameworks).toEqual(hit.byBasis.tags);
  });

  test.each(["gguf", "bert", "-v2", "B-G"])("%s equals the LIKE recount", (q) => {
    expect(searchModels(sqlite, q).map((h) => h.repoId)).toEqual(recount(sqlite, q));
  });

  test("quotes and FTS syntax in a query are text, not syntax", () => {
    for (const q of ['a"b', "NOT x", "x*y", "(x)"]) expect(() => searchModels(sqlite, q)).not.toThrow();
  });

  test("under 3 characters the prefix path answers (repo ids starting with it)", () => {
    const hits = searchModels(sqlite, "a");
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.repoId.toLowerCase().startsWith("a")).toBe(true);
  });

  test("before the index is built, search takes the prefix path; building it switches to substrings", () => {
    const copy = path.join(tempDir("hf-trends-search-"), "copy.db");
    fs.copyFileSync(file, copy);
    const rw = openSqlite(copy, { migrate: false });
    try {
      rw.exec("DELETE FROM model_search_state");
      expect(searchIndexReady(rw)).toBe(false);
      const hits = searchModels(rw, "gguf");
      for (const h of hits) expect(h.repoId.toLowerCase().startsWith("gguf")).toBe(true);
      const built = buildSearchIndex(rw, 1);
      expect(built.models).toBe((rw.prepare("SELECT count(*) AS n FROM models WHERE gone_since_crawl IS NULL").get() as { n: number }).n);
      expect(searchModels(rw, "gguf").map((h) => h.repoId)).toEqual(recount(rw, "gguf"));
    } finally {
      rw.close();
    }
  });
});

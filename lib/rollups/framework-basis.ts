/**
 * The framework lens of a completed full crawl's per-crawl rollups, derived from the tag lens's rows
 * of rollup_crawl_libraries (library x tag mask x task): the rules read the tag mask and library only
 * (lib/frameworks/rules.ts), so this is exact for what that crawl saw, with today's rules. It is how
 * the framework lens of past crawls exists at all (an upgraded database, a change of the rules):
 * their models' values at that crawl are not all stored (snapshots are change-only), their rollups are.
 * Large authors' per-crawl rows have no library key: theirs are rebuilt from the snapshots
 * (rebuildAuthorsFrameworkBasis).
 */
import type { Sqlite } from "../../db/index";
import { FRAMEWORK_BASIS_BIT } from "../frameworks/lenses";
import { attributeMask } from "../frameworks/rules";
import { insertFrameworkHistory } from "./author-rollups";

const TABLES = ["rollup_crawls", "rollup_crawl_libraries", "rollup_crawl_library_masks", "rollup_crawl_masks"];

type Sums = [number, number, number, number | null, number];

function add(map: Map<string, Sums>, k: string, v: Sums): void {
  const s = map.get(k);
  if (!s) map.set(k, [...v]);
  else {
    s[0] += v[0];
    s[1] += v[1];
    s[2] += v[2];
    s[3] = s[3] === null || v[3] === null ? null : s[3] + v[3];
    s[4] += v[4];
  }
}

/** Rewrites one crawl's framework-lens rows (in the caller's transaction). */
export function rebuildCrawlFrameworkBasis(sqlite: Sqlite, crawlId: number): void {
  for (const t of TABLES) sqlite.prepare(`DELETE FROM ${t} WHERE crawl_id = ? AND framework_mask >= ${FRAMEWORK_BASIS_BIT}`).run(crawlId);
  const rows = sqlite
    .prepare(
      `SELECT library, framework_mask, task, models, downloads_30d, downloads_all_time, downloads_since_prev, likes
       FROM rollup_crawl_libraries WHERE crawl_id = ? AND framework_mask < ${FRAMEWORK_BASIS_BIT}`,
    )
    .raw()
    .all(crawlId) as [string, number, string, number, number, number, number | null, number][];
  const libs = new Map<string, Sums>();
  const libMasks = new Map<string, Sums>();
  const crawls = new Map<string, Sums>();
  const masks = new Map<string, Sums>();
  for (const [library, mask, task, n, d, all, since, likes] of rows) {
    const fw = attributeMask(mask, library || null) | FRAMEWORK_BASIS_BIT;
    const v: Sums = [n, d, all, since, likes];
    add(libs, JSON.stringify([library, fw, task]), v);
    add(libMasks, JSON.stringify([library, fw]), v);
    add(crawls, JSON.stringify([fw, task]), v);
    add(masks, JSON.stringify([fw]), v);
  }
  const cols = "models, downloads_30d, downloads_all_time, downloads_since_prev, likes";
  const write = (table: string, keys: string, map: Map<string, Sums>) => {
    const ins = sqlite.prepare(`INSERT INTO ${table} (crawl_id, ${keys}, ${cols}) VALUES (?, ${keys.split(",").map(() => "?").join(", ")}, ?, ?, ?, ?, ?)`);
    for (const [k, v] of map) ins.run(crawlId, ...(JSON.parse(k) as (string | number)[]), ...v);
  };
  write("rollup_crawl_libraries", "library, framework_mask, task", libs);
  write("rollup_crawl_library_masks", "library, framework_mask", libMasks);
  write("rollup_crawls", "framework_mask, task", crawls);
  write("rollup_crawl_masks", "framework_mask", masks);
}

/** Every completed full crawl with per-crawl rollups, except `skip` (rebuilt by a full pass). */
export function rebuildPastCrawlsFrameworkBasis(sqlite: Sqlite, skip: number | null): number {
  const ids = sqlite.prepare("SELECT DISTINCT crawl_id FROM rollup_crawl_masks ORDER BY 1").pluck().all() as number[];
  let n = 0;
  for (const id of ids) {
    if (id === skip) continue;
    rebuildCrawlFrameworkBasis(sqlite, id);
    n++;
  }
  return n;
}

/**
 * The framework lens of the large authors' per-crawl rows before `latest` (which a full pass wrote),
 * rebuilt from their snapshots with today's tags and rules, as their tag lens was when they became
 * large (lib/rollups/author-history.ts).
 */
export function rebuildAuthorsFrameworkBasis(sqlite: Sqlite, latest: number): number {
  const earlier = sqlite.prepare("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' AND id < ? ORDER BY id").pluck().all(latest) as number[];
  if (earlier.length === 0) return 0;
  const authors = sqlite.prepare("SELECT DISTINCT author FROM rollup_crawl_authors WHERE crawl_id = ?").pluck().all(latest) as string[];
  sqlite.prepare(`DELETE FROM rollup_crawl_authors WHERE crawl_id < ? AND framework_mask >= ${FRAMEWORK_BASIS_BIT}`).run(latest);
  for (const a of authors) insertFrameworkHistory(sqlite, a, earlier);
  return authors.length;
}

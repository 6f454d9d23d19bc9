/**
 * Single models and search. Model search is a case-insensitive substring of the repo id (FTS5
 * trigram, 3 characters or more) or else a prefix, read from the NOCASE indexes; authors are
 * found by prefix. A model page finds its
 * model by repo id, and an old (pre-rename) id by model_renames -> hub_id.
 */
import type { Sqlite } from "../../db/index";
import { frameworksOfMask } from "../frameworks/classify";
import { attributeMask, explainAttribution, type Why } from "../frameworks/rules";
import { lensFrameworks, type Basis } from "../frameworks/lenses";
import { dayLabel, formatDate } from "../charts/periods";
import { seriesStyle } from "../charts/style";
import type { ChartData } from "../charts/types";
import { CAVEAT } from "./caveats";

/**
 * `INDEXED BY <name>` when the NOCASE index exists, else nothing. A first crawl defers the search
 * indexes and builds them at its end (lib/crawl/bulk-load.ts), and a first crawl killed before its
 * end leaves them missing until it is resumed: a hard `INDEXED BY` then fails every search and
 * model page ("no such index"). Without it SQLite scans `models`: slower (a second or two at 3M
 * models) but right, and only until the crawl completes. Checked per call: a lookup in
 * sqlite_schema costs microseconds, and the index appears while the server runs.
 */
function indexedBy(sqlite: Sqlite, index: "models_repo_id_nocase" | "models_author_nocase"): string {
  const found = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(index);
  return found ? `INDEXED BY ${index}` : "";
}

/** Above every character: `prefix + MAX_CHAR` bounds a prefix range (NOCASE compares bytes beyond ASCII). */
const MAX_CHAR = "\u{10FFFF}";

export interface ModelHit {
  repoId: string;
  author: string | null;
  task: string | null;
  downloads30d: number;
  likes: number;
  /** Ids of the basis's lens (the framework lens by default). */
  frameworks: string[];
  /** Both lenses' ids: what the model is for, and its weight-file tags. */
  byBasis: Record<Basis, string[]>;
}

/** A models row's framework ids in a lens: its tag mask, or the rules' attribution of it. */
export function lensIdsOf(mask: number, library: string | null, basis: Basis): string[] {
  if (basis === "tags") return frameworksOfMask(mask);
  const fw = attributeMask(mask, library);
  return lensFrameworks("framework").filter((f) => (fw & f.bit) !== 0).map((f) => f.id);
}

/** A search hit's frameworks: the view's lens, and both lenses. */
function hitFrameworks(mask: number, library: string | null, basis: Basis): Pick<ModelHit, "frameworks" | "byBasis"> {
  const byBasis = { framework: lensIdsOf(mask, library, "framework"), tags: lensIdsOf(mask, library, "tags") };
  return { frameworks: byBasis[basis], byBasis };
}

/** Queries shorter than this keep the prefix path: the trigram index matches 3 characters or more. */
export const SUBSTRING_MIN = 3;

/**
 * Models whose repo id (author included) contains `q`, most downloaded first, from the FTS5
 * trigram index (migration 0006); queries under SUBSTRING_MIN characters, and every query before
 * the index is first built, take the prefix path (repo ids starting with `q`, in name order).
 */
export function searchModels(sqlite: Sqlite, q: string, limit = 30, basis: Basis = "framework"): ModelHit[] {
  if (q.length >= SUBSTRING_MIN && searchIndexReady(sqlite)) return substringModels(sqlite, q, limit, basis);
  return prefixModels(sqlite, q, limit, basis);
}

/** The index exists once a crawl completed with this code (model_search_state has its row). */
export function searchIndexReady(sqlite: Sqlite): boolean {
  return sqlite.prepare("SELECT 1 FROM model_search_state WHERE id = 1").get() !== undefined;
}

function substringModels(sqlite: Sqlite, q: string, limit: number, basis: Basis): ModelHit[] {
  // One FTS phrase (quotes doubled): the trigrams of q in order, i.e. q as a substring, any case.
  const phrase = `"${q.replace(/"/g, '""')}"`;
  const rows = sqlite
    .prepare<{ q: string; limit: number }, Omit<ModelHit, "frameworks" | "byBasis"> & { mask: number; library: string | null }>(
      `SELECT m.repo_id AS repoId, m.author AS author, m.pipeline_tag AS task, m.downloads_30d AS downloads30d, m.likes AS likes, m.framework_mask AS mask,
         m.library_name AS library
       FROM model_search s JOIN model_search_ranks r ON r.rank = s.rowid JOIN models m ON m.id = r.model_id
       WHERE model_search MATCH @q AND m.gone_since_crawl IS NULL
       ORDER BY s.rowid LIMIT @limit`,
    )
    .all({ q: phrase, limit });
  return rows.map(({ mask, library, ...r }) => ({ ...r, ...hitFrameworks(mask, library, basis) }));
}

function prefixModels(sqlite: Sqlite, prefix: string, limit: number, basis: Basis): ModelHit[] {
  const rows = sqlite
    .prepare<{ p: string; q: string; limit: number }, Omit<ModelHit, "frameworks" | "byBasis"> & { mask: number; library: string | null }>(
      `SELECT repo_id AS repoId, author, pipeline_tag AS task, downloads_30d AS downloads30d, likes, framework_mask AS mask,
         library_name AS library
       FROM models ${indexedBy(sqlite, "models_repo_id_nocase")}
       WHERE repo_id COLLATE NOCASE >= @p AND repo_id COLLATE NOCASE < @q AND gone_since_crawl IS NULL
       ORDER BY repo_id COLLATE NOCASE LIMIT @limit`,
    )
    .all({ p: prefix, q: prefix + MAX_CHAR, limit });
  return rows.map(({ mask, library, ...r }) => ({ ...r, ...hitFrameworks(mask, library, basis) }));
}

export interface AuthorHit {
  author: string;
  /** Models alive now (not marked gone). */
  models: number;
}

/**
 * Authors by prefix, in name order, with their count of models alive now. A skip scan of the NOCASE
 * index: one seek per distinct name (a DISTINCT scan would walk every model of a prolific author).
 * The counts of large authors (and of the other cases of their names) come from rollup_authors;
 * the others are counted in the index, which is short for them. Before the first rollup pass that
 * wrote rollup_authors, every author is counted in the index.
 */
export function searchAuthors(sqlite: Sqlite, prefix: string, limit = 20): AuthorHit[] {
  const byAuthor = indexedBy(sqlite, "models_author_nocase");
  if (!byAuthor) return searchAuthorsByScan(sqlite, prefix, limit);
  const next = sqlite.prepare<{ after: string; q: string }, { author: string }>(
    `SELECT author FROM models ${byAuthor}
     WHERE author COLLATE NOCASE > @after AND author COLLATE NOCASE < @q
     ORDER BY author COLLATE NOCASE LIMIT 1`,
  );
  const first = sqlite.prepare<{ p: string; q: string }, { author: string }>(
    `SELECT author FROM models ${byAuthor}
     WHERE author COLLATE NOCASE >= @p AND author COLLATE NOCASE < @q
     ORDER BY author COLLATE NOCASE LIMIT 1`,
  );
  const rolledUp = sqlite.prepare<[string], { author: string; n: number }>(
    "SELECT author, models AS n FROM rollup_authors WHERE author = ? COLLATE NOCASE ORDER BY author",
  );
  const count = sqlite.prepare<[string], { author: string; n: number }>(
    `SELECT author, count(*) AS n FROM models ${byAuthor}
     WHERE author = ? COLLATE NOCASE AND gone_since_crawl IS NULL GROUP BY author ORDER BY author`,
  );
  const q = prefix + MAX_CHAR;
  const out: AuthorHit[] = [];
  let row = first.get({ p: prefix, q });
  while (row && out.length < limit) {
    const large = rolledUp.all(row.author);
    for (const r of large.length ? large : count.all(row.author)) if (r.n > 0) out.push({ author: r.author, models: r.n });
    row = next.get({ after: row.author, q });
  }
  return out.slice(0, limit);
}

/**
 * searchAuthors without the author index (a first crawl not completed yet): one scan that groups,
 * instead of a skip scan that would scan the whole table once per name.
 */
function searchAuthorsByScan(sqlite: Sqlite, prefix: string, limit: number): AuthorHit[] {
  return sqlite
    .prepare<{ p: string; q: string; limit: number }, AuthorHit>(
      `SELECT author, count(*) AS models FROM models
       WHERE author COLLATE NOCASE >= @p AND author COLLATE NOCASE < @q AND gone_since_crawl IS NULL
       GROUP BY author ORDER BY author COLLATE NOCASE, author LIMIT @limit`,
    )
    .all({ p: prefix, q: prefix + MAX_CHAR, limit });
}

export interface ModelDetail {
  id: number;
  hubId: string;
  repoId: string;
  author: string | null;
  libraryName: string | null;
  pipelineTag: string | null;
  createdAt: number;
  createdAtIsFloor: boolean;
  trueCreatedAt: number | null;
  trueCreatedSource: string | null;
  lastModified: number | null;
  gated: string | null;
  tags: string[];
  /** Weight-file tags (the tag lens). */
  frameworks: string[];
  candidates: string[];
  /** The framework lens: each framework the model is for and the rule that placed it ("why"). */
  attribution: Why[];
  filesCheckedAt: number | null;
  downloads30d: number;
  downloadsAllTime: number;
  likes: number;
  firstSeenCrawl: number;
  lastSeenCrawl: number;
  goneSinceCrawl: number | null;
  previousIds: string[];
}

type Row = Omit<ModelDetail, "tags" | "frameworks" | "candidates" | "previousIds" | "createdAtIsFloor" | "attribution"> & {
  tags: string;
  mask: number;
  cand: number;
  createdAtIsFloor: number;
};

export type ModelLookup = { kind: "found"; model: ModelDetail } | { kind: "moved"; repoId: string } | { kind: "missing" };

/** A model by repo id: exact, else another case (moved), else an old id from model_renames (moved). */
export function getModel(sqlite: Sqlite, repoId: string): ModelLookup {
  const rows = sqlite
    .prepare<[string], Row>(
      `SELECT id, hub_id AS hubId, repo_id AS repoId, author, library_name AS libraryName, pipeline_tag AS pipelineTag,
         created_at AS createdAt, created_at_is_floor AS createdAtIsFloor, true_created_at AS trueCreatedAt,
         true_created_source AS trueCreatedSource, last_modified AS lastModified, gated, tags, framework_mask AS mask,
         framework_candidates AS cand, files_checked_at AS filesCheckedAt, downloads_30d AS downloads30d,
         downloads_all_time AS downloadsAllTime, likes, first_seen_crawl AS firstSeenCrawl, last_seen_crawl AS lastSeenCrawl,
         gone_since_crawl AS goneSinceCrawl
       FROM models ${indexedBy(sqlite, "models_repo_id_nocase")} WHERE repo_id = ? COLLATE NOCASE`,
    )
    .all(repoId);
  const exact = rows.find((r) => r.repoId === repoId);
  if (!exact) {
    if (rows.length > 0) return { kind: "moved", repoId: rows[0].repoId };
    const renamed = sqlite
      .prepare<[string], { repoId: string }>(
        `SELECT m.repo_id AS repoId FROM model_renames r JOIN models m ON m.hub_id = r.hub_id
         WHERE r.old_repo_id = ? ORDER BY r.crawl_id DESC LIMIT 1`,
      )
      .get(repoId);
    return renamed ? { kind: "moved", repoId: renamed.repoId } : { kind: "missing" };
  }
  const { mask, cand, tags, createdAtIsFloor, ...rest } = exact;
  const previousIds = sqlite
    .prepare<[string], { old: string }>("SELECT DISTINCT old_repo_id AS old FROM model_renames WHERE hub_id = ? ORDER BY id")
    .all(exact.hubId)
    .map((r) => r.old)
    .filter((o) => o !== exact.repoId);
  let parsedTags: string[] = [];
  try {
    const t = JSON.parse(tags) as unknown;
    if (Array.isArray(t)) parsedTags = t.filter((x): x is string => typeof x === "string");
  } catch {
    /* stored verbatim by the crawler; a malformed value shows as no tags */
  }
  return {
    kind: "found",
    model: {
      ...rest, createdAtIsFloor: !!createdAtIsFloor, tags: parsedTags, frameworks: frameworksOfMask(mask), candidates: frameworksOfMask(cand), previousIds,
      attribution: explainAttribution(mask, rest.libraryName),
    },
  };
}

export interface HistoryPoint {
  crawlId: number;
  kind: string;
  startedAt: number;
  downloads30d: number;
  downloadsAllTime: number;
  likes: number;
}

/**
 * The model's values at every completed full crawl that listed it, rebuilt from its change-only
 * snapshots (the value at crawl N is its latest snapshot at or before N).
 */
export function getModelHistory(sqlite: Sqlite, m: ModelDetail): HistoryPoint[] {
  const snaps = sqlite
    .prepare<[number], { crawlId: number; d30: number; dall: number; likes: number }>(
      "SELECT crawl_id AS crawlId, downloads_30d AS d30, downloads_all_time AS dall, likes FROM model_snapshots WHERE model_id = ? ORDER BY crawl_id",
    )
    .all(m.id);
  const crawls = sqlite
    .prepare<[number], { id: number; kind: string; startedAt: number }>(
      "SELECT id, kind, started_at AS startedAt FROM crawls WHERE status = 'completed' AND kind = 'full' AND id >= ? ORDER BY id",
    )
    .all(m.firstSeenCrawl);
  const out: HistoryPoint[] = [];
  let k = -1;
  for (const c of crawls) {
    if (m.goneSinceCrawl !== null && c.id >= m.goneSinceCrawl) break;
    while (k + 1 < snaps.length && snaps[k + 1].crawlId <= c.id) k++;
    if (k < 0) continue;
    const s = snaps[k];
    out.push({ crawlId: c.id, kind: c.kind, startedAt: c.startedAt, downloads30d: s.d30, downloadsAllTime: s.dall, likes: s.likes });
  }
  return out;
}

/** The model page's charts: 30-day downloads and likes per crawl, and the downloads between crawls. */
export function modelHistoryCharts(h: HistoryPoint[]): ChartData[] {
  const x = h.map((p) => String(p.crawlId));
  const days = h.map((p) => formatDate(p.startedAt));
  const xLabels = days.map((d) => dayLabel(d));
  const xFull = h.map((p, i) => `crawl #${p.crawlId} of ${xLabels[i]}`);
  const empty = h.length === 0 ? "No completed full crawl has listed this model yet." : null;
  const base = { xKind: "crawl" as const, x, xLabels, xFull, type: "line" as const, stacked: false, share: false, log: false, note: h.length === 1 ? "One crawl so far: the series grow with each crawl." : null, empty };
  const style = seriesStyle("total");
  return [
    {
      ...base, id: "model-downloads", title: "Downloads as of each crawl (downloads)", unit: "downloads",
      caption: "The Hub's rolling 30-day download count at each completed full crawl, and the downloads since the previous crawl (all-time delta).",
      caveats: [CAVEAT.downloads, CAVEAT.gguf],
      series: [
        { id: "downloads30d", label: "30-day downloads", color: style.color, values: h.map((p) => p.downloads30d) },
        { id: "between", label: "Downloads since the previous crawl", color: "#0072B2", values: h.map((p, i) => (i === 0 ? null : Math.max(0, p.downloadsAllTime - h[i - 1].downloadsAllTime))) },
      ],
    },
    {
      ...base, id: "model-likes", title: "Likes as of each crawl (likes)", unit: "likes",
      caption: "The model's like count at each completed full crawl.",
      caveats: [],
      series: [{ id: "likes", label: "Likes", color: "#CC79A7", values: h.map((p) => p.likes) }],
    },
  ];
}

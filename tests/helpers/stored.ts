/** Reading back what a crawl stored, and the fake Hub's truth in the same shape, for exact comparisons. */
import type { Sqlite } from "../../db/index";
import { classifyTags } from "../../lib/frameworks/classify";
import { isLegacyFloor } from "../../lib/crawl/model-row";
import type { FakeModel } from "../../lib/fake-hub/types";

export interface Comparable {
  hubId: string;
  repoId: string;
  author: string | null;
  libraryName: string | null;
  pipelineTag: string | null;
  createdAt: number;
  createdAtIsFloor: number;
  gated: string | null;
  tags: string[];
  frameworkMask: number;
  downloads30d: number;
  downloadsAllTime: number;
  likes: number;
}

export function storedModels(sqlite: Sqlite, opts: { includeGone?: boolean } = {}): Comparable[] {
  const rows = sqlite
    .prepare(
      `SELECT hub_id AS hubId, repo_id AS repoId, author, library_name AS libraryName, pipeline_tag AS pipelineTag,
         created_at AS createdAt, created_at_is_floor AS createdAtIsFloor, gated, tags, framework_mask AS frameworkMask,
         downloads_30d AS downloads30d, downloads_all_time AS downloadsAllTime, likes
       FROM models ${opts.includeGone ? "" : "WHERE gone_since_crawl IS NULL"} ORDER BY hub_id`,
    )
    .all() as (Omit<Comparable, "tags"> & { tags: string })[];
  return rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as string[] }));
}

export function expectedModels(truth: readonly FakeModel[]): Comparable[] {
  return truth
    .filter((m) => !m.private)
    .map((m) => {
      const createdAt = Date.parse(m.createdAt) / 1000;
      return {
        hubId: m._id,
        repoId: m.id,
        author: m.id.includes("/") ? m.id.slice(0, m.id.indexOf("/")) : null,
        libraryName: m.library_name ?? null,
        pipelineTag: m.pipeline_tag ?? null,
        createdAt,
        createdAtIsFloor: isLegacyFloor(createdAt) ? 1 : 0,
        gated: m.gated === false ? null : m.gated,
        tags: m.tags,
        frameworkMask: classifyTags(m.tags, m.library_name).mask,
        downloads30d: m.downloads,
        downloadsAllTime: m.downloadsAllTime,
        likes: m.likes,
      };
    })
    .sort((a, b) => (a.hubId < b.hubId ? -1 : a.hubId > b.hubId ? 1 : 0));
}

/** Duplicates that must never exist: a model twice, a snapshot twice. */
export function duplicateCounts(sqlite: Sqlite): { models: number; snapshots: number } {
  const models = (sqlite.prepare("SELECT count(*) - count(DISTINCT hub_id) AS n FROM models").get() as { n: number }).n;
  const snapshots = (
    sqlite.prepare("SELECT count(*) AS n FROM (SELECT model_id, crawl_id FROM model_snapshots GROUP BY 1, 2 HAVING count(*) > 1)").get() as { n: number }
  ).n;
  return { models, snapshots };
}

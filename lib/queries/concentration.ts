/**
 * How concentrated downloads are, at the latest completed full crawl: the share of 30-day
 * downloads taken by the top 1% of models, and the count of models with zero downloads. Read from
 * rollup_crawl_stats (all, per task, per library, per large author); another author filter (or
 * an author with a task or library, or task + library together) is computed from the models the
 * crawl listed, through the author index where there is one.
 */
import { concentration } from "../rollups/rollups";
import type { Ctx } from "./context";
import { cached } from "./cache";

export interface Concentration {
  crawlId: number;
  models: number;
  zeroDownloadModels: number;
  topModels: number;
  topDownloads30d: number;
  downloads30d: number;
  /** % of all 30-day downloads taken by the top 1% of models. */
  topShare: number | null;
  source: "rollup" | "models";
}

export function getDownloadConcentration(ctx: Ctx): Concentration | null {
  const crawl = ctx.status.lastFull;
  if (!crawl) return null;
  const { task, library, author } = ctx.state;
  return cached(ctx.status.version, `concentration:${task}|${library}|${author}`, () => {
    const finish = (c: Omit<Concentration, "topShare" | "crawlId">): Concentration => ({
      ...c, crawlId: crawl.id, topShare: c.downloads30d ? (100 * c.topDownloads30d) / c.downloads30d : null,
    });
    const filters = [author !== null, task !== null, library !== null].filter(Boolean).length;
    if (filters <= 1) {
      const [dimension, value] = author !== null ? ["author", author] : task !== null ? ["task", task] : library !== null ? ["library", library] : ["all", ""];
      const row = ctx.sqlite
        .prepare<[number, string, string], Omit<Concentration, "topShare" | "crawlId" | "source">>(
          `SELECT models, zero_download_models AS zeroDownloadModels, top_models AS topModels,
             top_downloads_30d AS topDownloads30d, downloads_30d AS downloads30d
           FROM rollup_crawl_stats WHERE crawl_id = ? AND dimension = ? AND value = ?`,
        )
        .get(crawl.id, dimension, value);
      if (row) return finish({ ...row, source: "rollup" });
      // Every task and library of the crawl has a row; only large authors do.
      if (dimension === "task" || dimension === "library") return finish({ models: 0, zeroDownloadModels: 0, topModels: 0, topDownloads30d: 0, downloads30d: 0, source: "rollup" });
    }
    const where = ["m.last_seen_crawl >= @crawl", "m.first_seen_crawl <= @crawl"];
    if (author !== null) where.push("m.author = @author COLLATE NOCASE", "m.author = @author");
    if (task !== null) where.push("COALESCE(m.pipeline_tag, '') = @task");
    if (library !== null) where.push("m.library_name = @library");
    const values = ctx.sqlite
      .prepare(`SELECT m.downloads_30d FROM models m WHERE ${where.join(" AND ")}`)
      .pluck()
      .all({ crawl: crawl.id, author, task, library }) as number[];
    const c = concentration(values);
    return finish({ models: values.length, zeroDownloadModels: c.zero, topModels: c.topModels, topDownloads30d: c.topDownloads, downloads30d: c.total, source: "models" });
  });
}

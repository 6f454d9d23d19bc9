/**
 * From what @huggingface/hub's listModels yields to the row we store. Pure, so the mapping rules
 * (the createdAt floor, author from the repo id, private repos refused) are unit-tested on their own.
 */
import { classifyTags } from "../frameworks/classify";

/** The Hub's floor createdAt for repos created before it stored dates: 2022-03-02T23:29:04-05Z. */
export const CREATED_AT_FLOOR_S = Date.UTC(2022, 2, 2, 23, 29, 4) / 1000;
const FLOOR_END_S = CREATED_AT_FLOOR_S + 2;

/** The fields of a listModels item we read (ModelEntry plus the additionalFields we request). */
export interface ListedModel {
  id: string; // the Hub's _id
  name: string; // author/name
  private: boolean;
  gated?: false | "auto" | "manual";
  task?: string;
  likes?: number;
  downloads?: number;
  updatedAt?: Date;
  createdAt?: string;
  tags?: string[];
  library_name?: string;
  downloadsAllTime?: number;
}

export const LIST_ADDITIONAL_FIELDS = ["createdAt", "tags", "library_name", "downloadsAllTime"] as const;

export interface ModelRow {
  hubId: string;
  repoId: string;
  author: string | null;
  libraryName: string | null;
  pipelineTag: string | null;
  createdAt: number;
  createdAtIsFloor: boolean;
  lastModified: number | null;
  gated: string | null;
  tags: string;
  frameworkMask: number;
  frameworkCandidates: number;
  downloads30d: number;
  downloadsAllTime: number;
  likes: number;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

export function isLegacyFloor(createdAtS: number): boolean {
  return createdAtS >= CREATED_AT_FLOOR_S && createdAtS < FLOOR_END_S;
}

/** Creation time encoded in an ObjectId's first 4 bytes (docs/hub-api.md §1.7), epoch s. */
export function objectIdSeconds(hubId: string): number {
  return parseInt(hubId.slice(0, 8), 16);
}

function count(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
}

/** Why an item is not stored, or null: private repos never are, nor items that cannot be keyed. */
export function skipReason(m: ListedModel): "private" | "invalid" | null {
  if (m.private === true) return "private";
  if (typeof m.id !== "string" || !OBJECT_ID.test(m.id) || typeof m.name !== "string" || m.name === "") return "invalid";
  return null;
}

/**
 * Returns the row, or a reason the item is not stored: private repos never are (docs/decisions.md), and
 * an item without a valid `_id` or repo id cannot be keyed.
 */
export function toModelRow(m: ListedModel): ModelRow | { skip: "private" | "invalid" } {
  const skip = skipReason(m);
  if (skip) return { skip };
  const parsed = m.createdAt ? Date.parse(m.createdAt) : NaN;
  const createdAt = Number.isNaN(parsed) ? objectIdSeconds(m.id) : Math.floor(parsed / 1000);
  const lastModifiedMs = m.updatedAt instanceof Date ? m.updatedAt.getTime() : NaN;
  const tags = Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === "string") : [];
  const libraryName = typeof m.library_name === "string" && m.library_name ? m.library_name : null;
  const { mask, candidates } = classifyTags(tags, libraryName);
  const slash = m.name.indexOf("/");
  return {
    hubId: m.id,
    repoId: m.name,
    author: slash > 0 ? m.name.slice(0, slash) : null,
    libraryName,
    pipelineTag: typeof m.task === "string" && m.task ? m.task : null,
    createdAt,
    createdAtIsFloor: isLegacyFloor(createdAt),
    lastModified: Number.isNaN(lastModifiedMs) ? null : Math.floor(lastModifiedMs / 1000),
    gated: m.gated === "auto" || m.gated === "manual" ? m.gated : null,
    tags: JSON.stringify(tags),
    frameworkMask: mask,
    frameworkCandidates: candidates,
    downloads30d: count(m.downloads),
    downloadsAllTime: count(m.downloadsAllTime),
    likes: count(m.likes),
  };
}

/** The dashboard's own URLs, built in one place. */
import { DEFAULT_VIEW, toSearchParams, type ViewState } from "./url-state";

/** /models/<author>/<name>, each segment percent-encoded (hostile ids stay one segment each). */
export function modelPath(repoId: string): string {
  return `/models/${repoId.split("/").map(encodeURIComponent).join("/")}`;
}

/** The overview filtered to an author (the author page). */
export function authorPath(author: string): string {
  return `/?${toSearchParams({ ...DEFAULT_VIEW, author } as ViewState).toString()}`;
}

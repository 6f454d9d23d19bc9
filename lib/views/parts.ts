/**
 * A page's data as named parts, each computed on demand. The page renders every part on its own
 * (a failing chart shows its error, the rest of the page still renders); the page's API route
 * evaluates them all into one JSON body. Both read the same view function, so the API returns what
 * the page shows.
 */
import { safely, type Safe } from "../queries/safe";

export type Parts = Record<string, () => unknown>;
export type Resolved<P extends Parts> = { [K in keyof P]: ReturnType<P[K]> };
export type SafeParts<P extends Parts> = { [K in keyof P]: Safe<ReturnType<P[K]>> };

/** Every part, for an API body: a failure throws (the route answers 500 and logs it). */
export function resolveAll<P extends Parts>(parts: P): Resolved<P> {
  return Object.fromEntries(Object.entries(parts).map(([k, fn]) => [k, fn()])) as Resolved<P>;
}

/** Every part in isolation, for a page: a failure becomes that part's error state. */
export function resolveSafely<P extends Parts>(parts: P, prefix = ""): SafeParts<P> {
  return Object.fromEntries(Object.entries(parts).map(([k, fn]) => [k, safely(prefix + k, fn)])) as SafeParts<P>;
}

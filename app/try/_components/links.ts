/** Small pure helpers of /try (numbers and sizes are formatted by lib/charts/format.ts). */

/** /models/<author>/<name> (the dashboard's model page). */
export function modelHref(repoId: string): string {
  return `/models/${repoId.split("/").map(encodeURIComponent).join("/")}`;
}

/** A number from a repo id, to seed the editor's random values (same model, same values). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}

/** Small display helpers of /try (pure). */
export { formatBytes } from "@/lib/frameworks/model-json";

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

export function formatShape(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return "[?]";
  return `[${shape.map((d) => (d === null || d < 0 ? "?" : String(d))).join(", ")}]`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return "–";
  return n.toLocaleString("en-US");
}

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

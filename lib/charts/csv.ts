/**
 * CSV of exactly what a chart or table shows. Cells are quoted when needed, and a cell that a
 * spreadsheet would read as a formula (starting with = + - @, or a tab / carriage return) gets a
 * leading apostrophe (docs/decisions.md; OWASP "CSV injection"). Negative numbers are exported as
 * numbers, not text: only strings are escaped.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let s = value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (/[",\n\r]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(escapeCsvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * The layer rule of docs/architecture.md, as code: the table is parsed from the doc itself (one
 * table, the one the doc shows), and every import edge is checked against it.
 */
import type { Edge } from "./import-graph";

export interface LayerRow {
  /** 1 = lowest; "beside" = a side folder (the fake Hub) that the layers do not stack on. */
  layer: number | "beside";
  /** Highest layer the row's files may import (its own number for a stacked row). */
  maxImport: number;
  /** Folders (ending in "/") and files of the row. */
  paths: string[];
  /** For a "beside" row: the only paths whose files may import it. */
  importedBy: string[];
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The rows of the table under the "## Layers" heading. */
export function parseLayerTable(markdown: string): LayerRow[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^##\s+Layers\b/.test(l));
  if (start < 0) throw new Error('docs/architecture.md has no "## Layers" section');
  const rows: LayerRow[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("|")) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (/^-+$/.test(cells[0].replace(/:/g, "")) || !/\d|beside/i.test(cells[0])) continue; // header, separator
    const paths = ticked(cells[1] ?? "");
    if (/^beside/i.test(cells[0])) {
      const nums = (cells[0].match(/\d+/g) ?? []).map(Number);
      const by = /Imported only by ([^;]*)/.exec(cells[2] ?? "");
      if (!by) throw new Error(`layer table: the "beside" row of ${paths.join(", ")} must say "Imported only by ..."`);
      rows.push({ layer: "beside", maxImport: Math.max(0, ...nums), paths, importedBy: ticked(by[1]) });
    } else {
      const n = Number(cells[0]);
      if (!Number.isInteger(n)) throw new Error(`layer table: "${cells[0]}" is not a layer number`);
      rows.push({ layer: n, maxImport: n, paths, importedBy: [] });
    }
  }
  if (rows.length === 0) throw new Error("docs/architecture.md: the layer table is empty");
  return rows;
}

const matches = (file: string, p: string) => (p.endsWith("/") ? file.startsWith(p) : file === p);

/** The row and the table entry (folder or file) a file belongs to: the longest matching entry. */
export function placeOf(rows: LayerRow[], file: string): { row: LayerRow; unit: string } | null {
  let best: { row: LayerRow; unit: string } | null = null;
  for (const row of rows) for (const p of row.paths) if (matches(file, p) && (!best || p.length > best.unit.length)) best = { row, unit: p };
  return best;
}

const layerName = (r: LayerRow) => (r.layer === "beside" ? "beside" : `layer ${r.layer}`);

/** Strongly connected components with more than one node (or a node importing itself). */
export function cycles(edges: [string, string][]): string[][] {
  const adj = new Map<string, string[]>();
  for (const [a, b] of edges) {
    if (!adj.has(a)) adj.set(a, []);
    if (!adj.has(b)) adj.set(b, []);
    adj.get(a)!.push(b);
  }
  // Tarjan, iterative (the file graph is a few hundred nodes, but recursion depth is not ours to bet).
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  for (const root of adj.keys()) {
    if (idx.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    idx.set(root, index); low.set(root, index++); stack.push(root); on.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      const next = adj.get(v)!;
      if (i < next.length) {
        top[1]++;
        const w = next[i];
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index++); stack.push(w); on.add(w);
          work.push([w, 0]);
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      } else {
        work.pop();
        if (work.length) low.set(work[work.length - 1][0], Math.min(low.get(work[work.length - 1][0])!, low.get(v)!));
        if (low.get(v) === idx.get(v)) {
          const scc: string[] = [];
          let w: string;
          do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
          if (scc.length > 1 || next.includes(v)) out.push(scc.sort());
        }
      }
    }
  }
  return out;
}

/** Every violation of the table by the graph, one readable line each (empty = the graph obeys). */
export function layerViolations(rows: LayerRow[], files: string[], edges: Edge[]): string[] {
  const problems: string[] = [];
  for (const f of files) if (!placeOf(rows, f)) problems.push(`${f} is not covered by the layer table`);
  const unitEdges: [string, string][] = [];
  for (const e of edges) {
    const a = placeOf(rows, e.from);
    const b = placeOf(rows, e.to);
    if (!a || !b) {
      if (!b && !files.includes(e.to)) problems.push(`${e.from} -> ${e.to}: ${e.to} is not covered by the layer table`);
      continue;
    }
    const edge = `${e.from} -> ${e.to} (${layerName(a.row)} imports ${layerName(b.row)})`;
    if (b.row.layer === "beside" && a.row !== b.row) {
      if (!b.row.importedBy.some((p) => matches(e.from, p))) problems.push(`${edge}: only ${b.row.importedBy.join(", ")} may import ${b.unit}`);
    } else if (a.row.layer === "beside" && a.row !== b.row) {
      if (b.row.layer === "beside" || b.row.layer > a.row.maxImport) problems.push(`${edge}: ${a.unit} may import layers 1-${a.row.maxImport} only`);
    } else if (typeof a.row.layer === "number" && typeof b.row.layer === "number" && b.row.layer > a.row.layer) {
      problems.push(`${edge}: an import up the layers`);
    }
    if (a.unit !== b.unit && a.row === b.row) unitEdges.push([a.unit, b.unit]);
  }
  for (const c of cycles(unitEdges)) {
    const inCycle = edges.filter((e) => { const a = placeOf(rows, e.from)!.unit; const b = placeOf(rows, e.to)?.unit; return a !== b && c.includes(a) && b !== undefined && c.includes(b); });
    problems.push(`cycle between ${c.join(", ")} (same layer): ${inCycle.map((e) => `${e.from} -> ${e.to}`).join("; ")}`);
  }
  for (const c of cycles(edges.map((e) => [e.from, e.to]))) problems.push(`import cycle between files: ${c.join(", ")}`);
  return problems;
}

/**
 * The project's import graph, read from the source (no build): static `import`/`export ... from`,
 * dynamic `import()` and `require()`, through relative paths and the `@/` alias. TypeScript's own
 * pre-processor finds the specifiers (comments and strings that merely look like imports are
 * ignored). The layer check (tests/unit/layers.test.ts) runs its rules on this graph.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const CODE_EXTS = [".ts", ".tsx", ".mjs", ".cjs"];

export interface Edge {
  /** Importing file, relative to the root, with "/" separators. */
  from: string;
  /** Imported file (resolved), or the resolved base path when no file matches. */
  to: string;
  spec: string;
}

export interface ImportGraph {
  files: string[];
  edges: Edge[];
  /** Imports of project code that match no file (a typo, or a file the table forgot). */
  unresolved: Edge[];
}

const SKIP_DIRS = new Set(["node_modules", ".next", "migrations"]);

function walk(root: string, dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) walk(root, rel, out);
    } else if (CODE_EXTS.some((x) => e.name.endsWith(x)) && !e.name.endsWith(".d.ts")) out.push(rel);
  }
}

/** How TypeScript, tsx and Next resolve an extensionless project import. */
function resolve(root: string, from: string, spec: string): string | null | undefined {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith("./") || spec.startsWith("../")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return undefined; // a package
  const ext = path.posix.extname(base);
  if (ext && !CODE_EXTS.includes(ext) && ext !== ".js") return undefined; // CSS, JSON, assets
  const candidates = [base, ...CODE_EXTS.map((x) => base + x), base.replace(/\.js$/, ".ts"), ...CODE_EXTS.map((x) => `${base}/index${x}`)];
  for (const c of candidates) {
    if (CODE_EXTS.includes(path.posix.extname(c)) && fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) return c;
  }
  return null;
}

/** Every code file under `dirs` and each one's imports of project code. */
export function importGraph(root: string, dirs: string[]): ImportGraph {
  const files: string[] = [];
  for (const d of dirs) walk(root, d, files);
  const edges: Edge[] = [];
  const unresolved: Edge[] = [];
  for (const from of files) {
    const text = fs.readFileSync(path.join(root, from), "utf8");
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      const to = resolve(root, from, spec);
      if (to === undefined) continue;
      if (to === null) unresolved.push({ from, to: spec, spec });
      else edges.push({ from, to, spec });
    }
  }
  return { files, edges, unresolved };
}

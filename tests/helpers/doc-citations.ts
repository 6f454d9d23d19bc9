/**
 * Which docs the repository's comments cite, and which of those citations point at no file in the
 * repository. A citation is a word ending in `.md` inside a comment of a code file (TypeScript's
 * scanner finds the comments, so a string such as a fake repo's "README.md" is not one) or anywhere
 * in a Markdown file. It resolves when the file exists relative to the repository root or to the
 * citing file's folder. A path into the docs folder the project's sessions keep beside the repository
 * (OUTSIDE below) never does.
 * tests/unit/doc-citations.test.ts fails on any unresolved citation.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { CODE_EXTS } from "./import-graph";

export interface Citation {
  /** The citing file, relative to the root. */
  file: string;
  line: number;
  /** The cited name as written. */
  cited: string;
}

const SKIP_DIRS = new Set(["node_modules", ".next", ".next-test", ".next-bench", ".bench", "data", "migrations", "artifacts"]);
const MD_WORD = /[\w./-]*[\w-]\.md\b/g;
const OUTSIDE = /\.\.\/shared\b|\bshared\/docs\b/g;

function walk(root: string, dir: string, out: string[]): void {
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) walk(root, rel, out);
    } else if (e.name.endsWith(".md") || (CODE_EXTS.some((x) => e.name.endsWith(x)) && !e.name.endsWith(".d.ts"))) {
      out.push(rel);
    }
  }
}

/** The comments of a code file, each with the offset it starts at. */
function comments(text: string, file: string): { pos: number; text: string }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const seen = new Map<number, string>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) if (!seen.has(r.pos)) seen.set(r.pos, text.slice(r.pos, r.end));
  };
  // Every token's leading and trailing trivia: together they hold every comment of the file.
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  return [...seen].map(([pos, t]) => ({ pos, text: t }));
}

function lineAt(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function resolves(root: string, file: string, cited: string): boolean {
  if (cited.includes("shared/")) return false;
  const clean = cited.replace(/^\.\//, "");
  return [path.join(root, clean), path.join(root, path.dirname(file), clean)].some((p) => fs.existsSync(p) && fs.statSync(p).isFile());
}

/** Every citation of a doc under `dirs` (and the root's own Markdown files) that names no file of the repository. */
export function unresolvedCitations(root: string, dirs: string[]): Citation[] {
  const files: string[] = [];
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(root, d, files);
  for (const e of fs.readdirSync(root)) if (e.endsWith(".md") || CODE_EXTS.some((x) => e.endsWith(x))) files.push(e);
  const bad: Citation[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    // Parsing is the slow part: skip files that cannot hold a citation.
    if (!text.includes(".md") && !text.includes("shared")) continue;
    const parts = file.endsWith(".md") ? [{ pos: 0, text }] : comments(text, file);
    for (const part of parts) {
      for (const re of [MD_WORD, OUTSIDE]) {
        for (const m of part.text.matchAll(re)) {
          if (re === MD_WORD && resolves(root, file, m[0])) continue;
          bad.push({ file, line: lineAt(text, part.pos + (m.index ?? 0)), cited: m[0] });
        }
      }
    }
  }
  return bad;
}

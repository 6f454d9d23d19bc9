/**
 * Docs live in the repository: a comment (or a Markdown page) that cites a doc must cite a file a
 * clone has, e.g. docs/hub-api.md, never a doc kept elsewhere.
 */
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unresolvedCitations } from "../helpers/doc-citations";
import { ROOT } from "../helpers/cli";

const DIRS = ["app", "db", "lib", "scripts", "tests", "docs", ".ci"];

describe("doc citations", () => {
  test("every doc a comment cites is a file of the repository", () => {
    const bad = unresolvedCitations(ROOT, DIRS).map((c) => `${c.file}:${c.line} cites ${c.cited}`);
    expect(bad).toEqual([]);
  });

  test("the check catches a citation of a doc outside the repository, and only in comments", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doc-citations-"));
    try {
      fs.mkdirSync(path.join(dir, "lib"));
      fs.mkdirSync(path.join(dir, "docs"));
      fs.writeFileSync(path.join(dir, "docs", "hub-api.md"), "# Hub API\n");
      fs.writeFileSync(
        path.join(dir, "lib", "a.ts"),
        [
          "// Retries (docs/hub-api.md §3.1) and resume (decisions.md).",
          "/** See ../shared/docs/runner.md */",
          'const name = "README.md"; // a string, not a citation',
          "export const x = name;",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "README.md"), "See docs/hub-api.md and docs/missing.md.\n");
      const found = unresolvedCitations(dir, ["lib", "docs"]).map((c) => `${c.file}:${c.line} ${c.cited}`).sort();
      expect(found).toEqual(["README.md:1 docs/missing.md", "lib/a.ts:1 decisions.md", "lib/a.ts:2 ../shared", "lib/a.ts:2 ../shared/docs/runner.md"].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

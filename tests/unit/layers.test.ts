/**
 * The layer rule (docs/architecture.md): no import up a layer, no cycle between the folders of a
 * layer nor between files, every file in the table, the fake Hub importing only layers 1-2 and
 * imported only by the demo, scripts and test helpers. The table is read from the doc, the graph
 * from the code, so neither can drift from the other.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { importGraph } from "../helpers/import-graph";
import { layerViolations, parseLayerTable } from "../helpers/layer-rules";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["db", "lib", "app", "scripts", "tests/helpers"];

describe("layers", () => {
  const rows = parseLayerTable(fs.readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8"));

  test("the table has the seven layers and the fake Hub beside them", () => {
    expect(rows.filter((r) => r.layer !== "beside").map((r) => r.layer)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const side = rows.find((r) => r.layer === "beside");
    expect(side?.paths).toEqual(["lib/fake-hub/"]);
    expect(side?.maxImport).toBe(2);
    expect(side?.importedBy).toEqual(["lib/demo/", "scripts/", "tests/helpers/"]);
  });

  test("every import of db/, lib/, app/ and scripts/ points down the table, with no cycle", () => {
    const g = importGraph(ROOT, SCANNED);
    expect(g.files.length).toBeGreaterThan(150);
    expect(g.unresolved.map((e) => `${e.from}: cannot resolve "${e.spec}"`)).toEqual([]);
    expect(layerViolations(rows, g.files, g.edges)).toEqual([]);
  });

  test("the rules catch an import up a layer, a cycle, the fake Hub misused and a file outside the table", () => {
    const files = ["lib/queries/a.ts", "lib/crawl/b.ts", "lib/runner/c.ts", "lib/fake-hub/d.ts", "app/page.tsx", "lib/nowhere.ts"];
    const edges = [
      { from: "lib/crawl/b.ts", to: "lib/queries/a.ts", spec: "../queries/a" },
      { from: "lib/crawl/b.ts", to: "lib/runner/c.ts", spec: "../runner/c" },
      { from: "lib/runner/c.ts", to: "lib/crawl/b.ts", spec: "../crawl/b" },
      { from: "app/page.tsx", to: "lib/fake-hub/d.ts", spec: "@/lib/fake-hub/d" },
      { from: "lib/fake-hub/d.ts", to: "lib/crawl/b.ts", spec: "../crawl/b" },
    ];
    const problems = layerViolations(rows, files, edges).join("\n");
    expect(problems).toContain("lib/crawl/b.ts -> lib/queries/a.ts (layer 4 imports layer 5): an import up the layers");
    expect(problems).toContain("cycle between lib/crawl/, lib/runner/ (same layer)");
    expect(problems).toContain("import cycle between files: lib/crawl/b.ts, lib/runner/c.ts");
    expect(problems).toContain("app/page.tsx -> lib/fake-hub/d.ts (layer 7 imports beside): only");
    expect(problems).toContain("lib/fake-hub/d.ts -> lib/crawl/b.ts (beside imports layer 4): lib/fake-hub/ may import layers 1-2 only");
    expect(problems).toContain("lib/nowhere.ts is not covered by the layer table");
  });
});

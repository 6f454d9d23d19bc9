/**
 * Modules that open SQLite or read tokens are marked `import "server-only"`, and no client
 * component reaches them: a client import would put the database driver or a secret into the
 * browser bundle. Next's build fails on such an import too; this finds it in seconds.
 */
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { importGraph } from "../helpers/import-graph";
import { ROOT } from "../helpers/cli";

const SERVER_ONLY = ["lib/queries/db.ts", "lib/queries/api.ts", "lib/ops/admin-auth.ts", "lib/ops/web-config.ts", "lib/runner/write-db.ts", "lib/runner/check.ts"];
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("server-only modules", () => {
  test("each is marked", () => {
    for (const f of SERVER_ONLY) expect(read(f), f).toMatch(/^import "server-only";$/m);
  });

  test("no client component imports one, directly or through other modules", () => {
    const { files, edges } = importGraph(ROOT, ["app", "lib", "db"]);
    // `import type` is erased at build time: it bundles nothing.
    const typeOnly = (from: string, spec: string) => new RegExp(`^import type [^;]*from "${spec.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}";`, "m").test(read(from));
    const next = new Map<string, string[]>();
    for (const e of edges) if (!typeOnly(e.from, e.spec)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const marked = new Set(files.filter((f) => /^import "server-only";$/m.test(read(f))));
    const clients = files.filter((f) => /^\s*["']use client["']/.test(read(f)));
    expect(clients.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const c of clients) {
      const seen = new Set([c]);
      const stack = [[c]];
      while (stack.length) {
        const trail = stack.pop()!;
        for (const to of next.get(trail[trail.length - 1]) ?? []) {
          if (seen.has(to)) continue;
          seen.add(to);
          if (marked.has(to)) bad.push([...trail, to].join(" -> "));
          else stack.push([...trail, to]);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

/**
 * The build-freshness hash (lib/ops/next-build.ts) covers what Next bundles and nothing else: an
 * edit under lib/ rebuilds the dashboard, an edit of the fake Hub (never bundled) does not.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { sourceFingerprint } from "../../lib/ops/next-build";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "hf-trends-build-inputs-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

test("an edit of lib/ changes the hash; an edit of lib/fake-hub/ does not", () => {
  write("package.json", "{}");
  write("app/page.tsx", "export default function P() { return null; }");
  write("lib/queries/a.ts", "export const a = 1;");
  write("lib/fake-hub/server.ts", "export const hub = 1;");
  const before = sourceFingerprint(root);
  write("lib/fake-hub/server.ts", "export const hub = 2;");
  write("lib/fake-hub/new-file.ts", "export const n = 1;");
  expect(sourceFingerprint(root)).toBe(before);
  write("lib/queries/a.ts", "export const a = 2;");
  expect(sourceFingerprint(root)).not.toBe(before);
});

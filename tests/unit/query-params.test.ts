/** The API's query parser (lib/queries/params.ts) and the page CSPs (lib/ops/security-headers.ts). */
import { expect, test } from "vitest";
import { z } from "zod";
import { intParam, NO_PARAMS, parseQuery } from "../../lib/queries/params";
import { pageCsp } from "../../lib/ops/security-headers";

const Q = z.object({ limit: intParam("limit", 1, 500).optional(), name: z.string().optional() });

async function bad(url: string, schema = Q as z.ZodObject) {
  const r = parseQuery(url, schema as typeof Q);
  expect(r.ok, url).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.response.status).toBe(400);
  return ((await r.response.json()) as { error: { param: string; message: string } }).error;
}

test("values are parsed and typed; absent ones stay undefined", () => {
  expect(parseQuery("http://x/a?limit=20&name=b", Q)).toEqual({ ok: true, value: { limit: 20, name: "b" } });
  expect(parseQuery("http://x/a", Q)).toEqual({ ok: true, value: {} });
});

test("unknown, repeated, __proto__ and out-of-range parameters: 400 naming the parameter", async () => {
  expect(await bad("http://x/a?bogus=1")).toEqual({ param: "bogus", message: 'unknown parameter "bogus"; allowed: limit, name' });
  expect(await bad("http://x/a?__proto__=1")).toMatchObject({ param: "__proto__" });
  expect(await bad("http://x/a?constructor=1")).toMatchObject({ param: "constructor" });
  expect(await bad("http://x/a?limit=1&limit=2")).toMatchObject({ param: "limit", message: "limit is given more than once; give it once" });
  for (const v of ["0", "501", "99999999999999999999", "-1", "1.5", "1e2", "", " 1"]) {
    expect(await bad(`http://x/a?limit=${encodeURIComponent(v)}`)).toEqual({ param: "limit", message: "limit must be a whole number from 1 to 500" });
  }
  expect(await bad("http://x/a?x=1", NO_PARAMS)).toEqual({ param: "x", message: 'unknown parameter "x"; this endpoint takes no parameters' });
  expect(await bad("http://x/a", z.object({ model: z.string() }))).toEqual({ param: "model", message: "model is required" });
});

test("page CSP: a nonce, no inline scripts without it, no framing; /try alone gets wasm, blob: workers and the Hub's hosts", () => {
  const base = { nonce: "abc=", hubUrl: "http://127.0.0.1:9999/" };
  const page = pageCsp({ ...base, pathname: "/crawls" });
  expect(page).toContain("script-src 'self' 'nonce-abc='; ");
  expect(page).toContain("frame-ancestors 'none'");
  expect(page).toContain("connect-src 'self'; ");
  expect(page).not.toMatch(/wasm-unsafe-eval|unsafe-eval|hf\.co|127\.0\.0\.1/);
  const runner = pageCsp({ ...base, pathname: "/try" });
  expect(runner).toContain("script-src 'self' 'nonce-abc=' 'wasm-unsafe-eval' blob:;");
  expect(runner).toContain("worker-src 'self' blob:");
  expect(runner).toContain("connect-src 'self' http://127.0.0.1:9999 https://huggingface.co https://*.huggingface.co https://*.hf.co;");
  // The real Hub is listed once; development adds only what React's dev build needs.
  expect(pageCsp({ ...base, pathname: "/try", hubUrl: "https://huggingface.co" })).toContain("connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co;");
  expect(pageCsp({ ...base, pathname: "/", dev: true })).toContain("'unsafe-eval'");
  expect(pageCsp({ ...base, pathname: "/trying" })).not.toContain("wasm-unsafe-eval");
});

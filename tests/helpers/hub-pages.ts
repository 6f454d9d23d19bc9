/** Helpers shared by the fake Hub tests: raw paging over real sockets, no mocks. */
import { expect } from "vitest";

export const TOKEN = "hf_test_token";

export interface RawPage {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function get(url: string, init?: RequestInit): Promise<RawPage> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Parses a Link header exactly like @huggingface/hub does (absolute URL, `; rel` with a space). */
export function nextLink(h: Headers): string | undefined {
  const link = h.get("link");
  if (!link) return undefined;
  const m = /<(https?:[/][/][^>]+)>;\s+rel="([^"]+)"/.exec(link);
  return m && m[2] === "next" ? m[1] : undefined;
}

/** Follows Link headers from `url`; returns every item and the pages' raw responses. */
export async function getAll<T = Record<string, unknown>>(url: string, init?: RequestInit): Promise<{ items: T[]; pages: RawPage[] }> {
  const items: T[] = [];
  const pages: RawPage[] = [];
  let next: string | undefined = url;
  while (next) {
    const page = await get(next, init);
    expect(page.status, `${next}: ${page.text.slice(0, 200)}`).toBe(200);
    pages.push(page);
    items.push(...(page.body as T[]));
    next = nextLink(page.headers);
  }
  return { items, pages };
}

/** Throws if any value anywhere in `v` is null. */
export function assertNoNulls(v: unknown, path = "$"): void {
  if (v === null) throw new Error(`null at ${path}`);
  if (Array.isArray(v)) v.forEach((x, k) => assertNoNulls(x, `${path}[${k}]`));
  else if (typeof v === "object" && v !== undefined) for (const [k, x] of Object.entries(v as object)) assertNoNulls(x, `${path}.${k}`);
}

/** Percent-encodes a repo id segment by segment (the `/` stays). */
export function encodeId(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

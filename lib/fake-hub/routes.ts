/**
 * Handlers of the Hub routes (docs/hub-api.md §8.1). Each takes the decoded request and returns a Reply;
 * rate limits, faults and socket writing happen in server.ts.
 *
 * Not-found policy: an unknown (or private, without a token) repo gives 401 with
 * X-Error-Code RepoNotFound to anonymous callers and 404 to callers with a token, as the real Hub
 * does (docs/hub-api.md §3.2). A renamed repo's old id (and an id in another letter case) answers
 * 307 with Location = the same route under the current id, as the real Hub redirects renamed repos;
 * fetch() follows it, so clients see the current repo.
 */
import { iso } from "./clock";
import type { DayCtx, FakeHubData, Lookup } from "./generator";
import { listPage, parseListQuery, type ListIndexCache } from "./listing";
import { buildItem, expandError, keysFor, type Fields } from "./shape";
import { JSON_TYPE, hubError, json, redirect, type Reply } from "./reply";
import { mountedFile } from "./files";
import { hexOf, saltOf } from "./rng";

export interface RequestCtx {
  data: FakeHubData;
  dc: DayCtx;
  /** A valid `Bearer hf_…` token was sent. */
  token: boolean;
  /** Scheme + host of this server as the client reached it, for absolute Link URLs. */
  base: string;
  /** Raw path (still percent-encoded) and raw query (without "?"). */
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  method: string;
  listCache: ListIndexCache;
  defaultPageSize: number;
}

const TRUE = new Set(["true", "True", "1"]);

/** The query string without `drop` keys, for next links that replace them. */
function queryWithout(raw: string, drop: readonly string[]): string {
  if (!raw) return "";
  return raw
    .split("&")
    .filter((kv) => kv !== "" && !drop.includes(decodeKey(kv.split("=")[0])))
    .join("&");
}

function decodeKey(k: string): string {
  try {
    return decodeURIComponent(k.replace(/\+/g, " "));
  } catch {
    return k;
  }
}

function link(url: string): Record<string, string> {
  return { Link: `<${url}>; rel="next"` };
}

function encodeRepoId(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

export function listModels(ctx: RequestCtx): Reply {
  const q = parseListQuery(ctx.query, ctx.defaultPageSize);
  if ("error" in q) return hubError(400, q.error);
  const keys = keysFor(q.fields, true);
  const opts = { listing: true };
  const parts: string[] = [];
  const page = listPage(ctx.data, ctx.dc, q, ctx.token, ctx.listCache, (v) => parts.push(JSON.stringify(buildItem(ctx.data, v, keys, opts))));
  if ("error" in page) return hubError(400, page.error);
  const headers: Record<string, string> = {};
  if (page.next) {
    let qs = queryWithout(ctx.rawQuery, ["cursor"]);
    // The real Hub writes the default sort into the next link (docs/hub-api.md §1.2).
    if (!q.sortGiven) qs = qs ? `${queryWithout(qs, ["sort"])}&sort=trendingScore` : "sort=trendingScore";
    Object.assign(headers, link(`${ctx.base}/api/models?${qs ? qs + "&" : ""}cursor=${encodeURIComponent(page.next)}`));
  }
  // Same bytes as JSON.stringify(items): items are serialised one by one as they stream in.
  return { status: 200, headers: { "Content-Type": JSON_TYPE, ...headers }, body: Buffer.from(`[${parts.join(",")}]`) };
}

/** Finds a repo the caller may see, or the error/redirect to send instead. */
function findRepo(ctx: RequestCtx, ns: string, name: string, rebuild: (id: string) => string): Lookup | Reply {
  const found = ctx.data.lookup(`${ns}/${name}`, ctx.dc);
  if (!found || (found.view.private && !ctx.token)) {
    return hubError(ctx.token ? 404 : 401, "Repository not found", "RepoNotFound");
  }
  if (found.redirect) return redirect(rebuild(encodeRepoId(found.view.id)));
  return found;
}

function isReply(x: Lookup | Reply): x is Reply {
  return "status" in x;
}

function checkRevision(ctx: RequestCtx, found: Lookup, rev: string): Reply | undefined {
  if (ctx.data.hasRevision(found.i, ctx.dc, rev)) return undefined;
  return hubError(404, `Invalid rev id: ${rev}`, "RevisionNotFound");
}

/** GET /api/models/:ns/:name[/revision/:rev] */
export function modelInfo(ctx: RequestCtx, ns: string, name: string, rev: string | undefined, restPath: string): Reply {
  const found = findRepo(ctx, ns, name, (id) => `/api/models/${id}${restPath}${ctx.rawQuery ? "?" + ctx.rawQuery : ""}`);
  if (isReply(found)) return found;
  if (rev !== undefined) {
    const bad = checkRevision(ctx, found, rev);
    if (bad) return bad;
  }
  const expand = [...ctx.query.getAll("expand"), ...ctx.query.getAll("expand[]")];
  if (expand.length) {
    const err = expandError(expand, false);
    if (err) return hubError(400, err);
  }
  const fields: Fields = expand.length ? { mode: "expand", keys: expand } : { mode: "default", full: true, config: false, cardData: false };
  const blobs = TRUE.has(ctx.query.get("blobs") ?? "");
  return json(200, buildItem(ctx.data, found.view, keysFor(fields, false), { listing: false, blobs }));
}

const S_DIR = saltOf("tree-dir");
const TREE_PAGE = 1000;

/** GET /api/models/:ns/:name/tree/:rev[/path] */
export function tree(ctx: RequestCtx, ns: string, name: string, rev: string, dir: string, restPath: string): Reply {
  const found = findRepo(ctx, ns, name, (id) => `/api/models/${id}${restPath}${ctx.rawQuery ? "?" + ctx.rawQuery : ""}`);
  if (isReply(found)) return found;
  const bad = checkRevision(ctx, found, rev);
  if (bad) return bad;
  const recursive = TRUE.has(ctx.query.get("recursive") ?? "");
  const expand = TRUE.has(ctx.query.get("expand") ?? "");
  const rawLimit = ctx.query.get("limit");
  const limit = rawLimit && /^\d+$/.test(rawLimit) && Number(rawLimit) > 0 ? Math.min(TREE_PAGE, Number(rawLimit)) : TREE_PAGE;
  const path = dir.replace(/^\/+|\/+$/g, "");
  const prefix = path ? `${path}/` : "";
  const files = ctx.data.files(found.i);
  const under = files.filter((f) => f.path.startsWith(prefix));
  if (path && under.length === 0) return hubError(404, `Entry not found: ${path}`, "EntryNotFound");
  const entries: { path: string; file?: (typeof files)[number] }[] = [];
  const dirs = new Set<string>();
  for (const f of under) {
    const rest = f.path.slice(prefix.length);
    const parts = rest.split("/");
    for (let k = 1; k < parts.length && (recursive || k === 1); k++) dirs.add(prefix + parts.slice(0, k).join("/"));
    if (recursive || parts.length === 1) entries.push({ path: f.path, file: f });
  }
  for (const d of dirs) entries.push({ path: d });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  let start = 0;
  const cursor = ctx.query.get("cursor");
  if (cursor !== null) {
    let after: unknown;
    try {
      after = (JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { file_name?: unknown }).file_name;
    } catch {
      after = undefined;
    }
    if (typeof after !== "string") return hubError(400, "Invalid cursor");
    while (start < entries.length && entries[start].path <= after) start++;
  }
  const page = entries.slice(start, start + limit);
  const head = expand ? ctx.data.commits(found.i, ctx.dc, 0, 1).items[0] : undefined;
  const items = page.map((en) => {
    if (!en.file) {
      const dirItem: Record<string, unknown> = { type: "directory", oid: hexOf(ctx.data.seed, found.i, (S_DIR ^ saltOf(en.path)) | 0, 40), size: 0, path: en.path };
      return dirItem;
    }
    const b = ctx.data.blob(found.i, en.file);
    const item: Record<string, unknown> = { type: "file", oid: b.oid, size: b.size, path: b.path };
    if (b.lfs) item.lfs = { oid: b.lfs.sha256, size: b.lfs.size, pointerSize: b.lfs.pointerSize };
    if (head) {
      item.lastCommit = { id: head.id, title: head.title, date: head.date };
      item.securityFileStatus = { status: "safe" };
    }
    return item;
  });
  const headers: Record<string, string> = {};
  if (start + limit < entries.length) {
    const qs = queryWithout(ctx.rawQuery, ["cursor"]);
    const c = Buffer.from(JSON.stringify({ file_name: page[page.length - 1].path })).toString("base64");
    Object.assign(headers, link(`${ctx.base}${ctx.rawPath}?${qs ? qs + "&" : ""}cursor=${encodeURIComponent(c)}`));
  }
  return json(200, items, headers);
}

const COMMITS_DEFAULT = 50;

/** GET /api/models/:ns/:name/commits/:rev?limit=N&p=page */
export function commits(ctx: RequestCtx, ns: string, name: string, rev: string, restPath: string): Reply {
  const found = findRepo(ctx, ns, name, (id) => `/api/models/${id}${restPath}${ctx.rawQuery ? "?" + ctx.rawQuery : ""}`);
  if (isReply(found)) return found;
  const bad = checkRevision(ctx, found, rev);
  if (bad) return bad;
  const rawLimit = ctx.query.get("limit");
  let limit = COMMITS_DEFAULT;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) return hubError(400, '"limit" must be a positive integer');
    limit = Math.min(1000, Number(rawLimit));
  }
  const rawP = ctx.query.get("p");
  if (rawP !== null && !/^\d+$/.test(rawP)) return hubError(400, '"p" must be a non-negative integer');
  const p = rawP === null ? 0 : Number(rawP);
  const { total, items } = ctx.data.commits(found.i, ctx.dc, p * limit, limit);
  const headers: Record<string, string> = { "X-Total-Count": String(total) };
  if ((p + 1) * limit < total) {
    const qs = queryWithout(ctx.rawQuery, ["p"]);
    Object.assign(headers, link(`${ctx.base}${ctx.rawPath}?${qs ? qs + "&" : ""}p=${p + 1}`));
  }
  return json(200, items, headers);
}

/** GET /api/whoami-v2 */
export function whoami(ctx: RequestCtx): Reply {
  if (!ctx.token) return hubError(401, "Invalid credentials in Authorization header");
  return json(200, {
    type: "user", id: hexOf(ctx.data.seed, 0, saltOf("whoami"), 24), name: "fake-hub-user", fullname: "Fake Hub User",
    isPro: false, canPay: false, emailVerified: true, avatarUrl: "https://huggingface.co/avatars/fake-hub-user.svg",
    orgs: [], auth: { type: "access_token", accessToken: { displayName: "fake-hub", role: "read", createdAt: iso(Date.UTC(2026, 0, 1)) } },
  });
}

const MIME: Record<string, string> = {
  json: "application/json", md: "text/markdown; charset=utf-8", txt: "text/plain; charset=utf-8",
  yaml: "text/yaml; charset=utf-8", yml: "text/yaml; charset=utf-8", py: "text/x-python; charset=utf-8",
  xml: "application/xml", mp4: "video/mp4",
};
/** Body served for big LFS blobs the fake Hub does not hold (their declared size is in X-Linked-Size). */
const PLACEHOLDER = (path: string, size: number) => Buffer.from(`fake hub placeholder: ${path} is ${size} bytes on the real Hub\n`);

/** GET|HEAD /:ns/:name/resolve/:rev/*path */
export function resolve(ctx: RequestCtx, ns: string, name: string, rev: string, path: string, restPath: string): Reply {
  const found = findRepo(ctx, ns, name, (id) => `/${id}${restPath}${ctx.rawQuery ? "?" + ctx.rawQuery : ""}`);
  if (isReply(found)) return found;
  const bad = checkRevision(ctx, found, rev);
  if (bad) return bad;
  const p = found.view.entry.profile;
  if (p.gated !== false && !ctx.token) {
    return hubError(401, `Access to model ${found.view.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`, "GatedRepo");
  }
  const f = ctx.data.files(found.i).find((x) => x.path === path);
  const mounted = p.special?.role === "mounted" ? p.special.repo : undefined;
  // A mounted repo may block browsers (no CORS) or answer slowly; it may list a file it lost.
  const cors = mounted?.cors === false ? { noCors: true } : {};
  const delay = mounted?.resolveDelayMs && !path.endsWith(".json") ? { delayMs: mounted.resolveDelayMs } : {};
  if (!f || (mounted && mountedFile(p, path)?.missing)) return { ...hubError(404, "Entry not found", "EntryNotFound"), ...cors, ...delay };
  const b = ctx.data.blob(found.i, f);
  const sha = ctx.data.sha(found.view);
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const headers: Record<string, string> = {
    "Content-Type": path.includes(".") ? (MIME[ext] ?? "application/octet-stream") : "application/octet-stream",
    ETag: `"${b.lfs ? b.lfs.sha256 : b.oid}"`,
    "X-Repo-Commit": sha,
    "Accept-Ranges": "bytes",
  };
  if (b.lfs) {
    headers["X-Linked-Size"] = String(b.lfs.size);
    headers["X-Linked-ETag"] = `"${b.lfs.sha256}"`;
  }
  return { status: 200, headers, body: b.content ?? PLACEHOLDER(path, b.size), ...cors, ...delay };
}


/** Response values built by the route handlers, written to the socket by server.ts. */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Send without the CORS headers (a mounted repo that blocks browsers). */
  noCors?: boolean;
  /** Wait this long before answering, ms (a mounted repo's slow downloads). */
  delayMs?: number;
}

export const JSON_TYPE = "application/json; charset=utf-8";

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "Content-Type": JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

/** The Hub's error form: `{"error": …}` plus X-Error-Code / X-Error-Message (docs/hub-api.md §3.2). */
export function hubError(status: number, message: string, code?: string, headers: Record<string, string> = {}): Reply {
  const h: Record<string, string> = { "X-Error-Message": headerSafe(message), ...headers };
  if (code) h["X-Error-Code"] = code;
  return json(status, { error: message }, h);
}

/** Header values must be Latin-1 without control characters; repo ids may hold anything. */
export function headerSafe(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : encodeURI(s).replace(/%20/g, " ");
}

export function redirect(location: string): Reply {
  return json(307, { error: "Repository moved", url: location }, { Location: location });
}

/** Headers every response carries: CORS for browser clients (the runner loads model.json from the Hub). */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": [
    "Content-Length", "Content-Range", "Content-Type", "ETag", "Link", "Accept-Ranges", "X-Repo-Commit", "X-Linked-Size",
    "X-Linked-ETag", "X-Error-Code", "X-Error-Message", "X-Request-Id", "X-Total-Count", "RateLimit", "RateLimit-Policy", "Retry-After",
  ].join(", "),
};

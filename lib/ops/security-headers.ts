/**
 * The security headers of the dashboard (README "Security headers").
 *
 * Every response (pages, API, static files; next.config.ts): `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy`, `X-Frame-Options: DENY` (and `frame-ancestors 'none'` in the CSPs), so no page
 * (the crawl monitor's "crawl now" form least of all) can be framed by another site.
 *
 * Pages get a Content-Security-Policy per request (proxy.ts) with a fresh nonce: Next puts it on its
 * own inline scripts when it finds the policy on the request, and the layout puts it on the theme
 * script. Only scripts from this origin or carrying the nonce run. /try also runs models in the
 * browser: TensorFlow.js compiles WebAssembly ('wasm-unsafe-eval'), its threaded wasm backend and
 * the ONNX runtime start workers from blob: URLs, and the page downloads model files straight from
 * the Hub: HF_ENDPOINT's origin and the hosts the Hub redirects file downloads to (its LFS and xet
 * CDNs under huggingface.co and hf.co).
 * API answers are data, never documents: `default-src 'none'`.
 */

export const COMMON_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Where the Hub sends file downloads (302 from /resolve/): its LFS and xet CDNs. */
export const HUB_FILE_HOSTS = ["https://huggingface.co", "https://*.huggingface.co", "https://*.hf.co"];

/** Pages whose scripts run models in the browser. */
const RUNNER_PAGES = /^\/try(\/|$)/;

export interface CspInput {
  pathname: string;
  nonce: string;
  /** HF_ENDPOINT (a URL; its origin is allowed on /try). */
  hubUrl: string;
  dev?: boolean;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The Content-Security-Policy of one page response. */
export function pageCsp({ pathname, nonce, hubUrl, dev = false }: CspInput): string {
  const runner = RUNNER_PAGES.test(pathname);
  // React's development build evaluates code to rebuild server stacks; production never does.
  const script = ["'self'", `'nonce-${nonce}'`, ...(runner ? ["'wasm-unsafe-eval'", "blob:"] : []), ...(dev ? ["'unsafe-eval'"] : [])];
  const hub = originOf(hubUrl);
  const connect = ["'self'", ...(runner ? [...new Set([...(hub ? [hub] : []), ...HUB_FILE_HOSTS])] : []), ...(dev ? ["ws:"] : [])];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", script],
    // Server-rendered style attributes (React's style prop) need 'unsafe-inline'; styles cannot run code.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'"]],
    ["connect-src", connect],
    ["worker-src", runner ? ["'self'", "blob:"] : ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([k, v]) => `${k} ${v.join(" ")}`).join("; ");
}

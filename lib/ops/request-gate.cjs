/*
 * Preloaded (node --require) into the web server of `npm start` and of the tests: the checks a
 * request meets before Next sees it, for what Next itself answers badly or cannot know.
 *
 * 1. The client's address. Next fills X-Forwarded-For from the socket only when the client sent
 *    none, and a route handler cannot see the socket: anyone could pick their own rate-limit key.
 *    Here X-Forwarded-For is replaced by the one address we trust (lib/limiter.ts clientKey reads it).
 *    TRUST_PROXY = the number of reverse proxies in front of the server (default 0; lib/env.ts
 *    validates it at start). 0: the socket's address, whatever the header says. N: the address N
 *    hops from the right of "X-Forwarded-For, socket" (each proxy appends the address it saw;
 *    anything left of what our own proxies added may be forged). README "Behind a proxy".
 * 2. Methods: Next answers TRACE with a 500 and a stack in the log, and pages answer DELETE or
 *    PUT with 200. Only GET, HEAD, POST and OPTIONS pass; others get 405 with Allow.
 * 3. `?__proto__=`: Next rebuilds the query through a plain object, where that key vanishes, so
 *    the parameter parsers never see it to refuse it (every other unknown parameter is a 400).
 * 4. API paths with an encoded control character (`/api/%00`) get the API's JSON 404, not Next's
 *    HTML page.
 * Error bodies use the API's shape, {"error": {"param"?, "message"}}. Plain CommonJS: it loads
 * before any TypeScript loader.
 */
"use strict";
const http = require("node:http");

const raw = (process.env.TRUST_PROXY || "").trim();
const hops = /^[0-9]$/.test(raw) ? Number(raw) : 0;
const METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

function clientOf(req) {
  const socket = (req.socket && req.socket.remoteAddress) || "unknown";
  if (hops === 0) return socket;
  const header = req.headers["x-forwarded-for"];
  const listed = (Array.isArray(header) ? header.join(",") : header || "").split(",").map((s) => s.trim()).filter(Boolean);
  const chain = [...listed, socket];
  return chain[Math.max(0, chain.length - 1 - hops)];
}

function refuse(res, status, message, extra) {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...extra,
  });
  res.end(body);
}

/** The first reason to answer the request here, or null to pass it to Next. */
function verdict(req) {
  if (!METHODS.has(req.method)) {
    return [405, { message: `method ${String(req.method).slice(0, 20)} is not allowed; use GET, HEAD, POST or OPTIONS` }, { Allow: "GET, HEAD, POST, OPTIONS" }];
  }
  const url = req.url || "/";
  const q = url.indexOf("?");
  const pathPart = q < 0 ? url : url.slice(0, q);
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split("&")) {
      let key = pair.split("=")[0].replace(/\+/g, " ");
      try {
        key = decodeURIComponent(key);
      } catch {
        /* a malformed escape is left to Next's own 400 */
      }
      if (key === "__proto__") return [400, { param: "__proto__", message: 'unknown parameter "__proto__"' }];
    }
  }
  if (/^\/api(\/|$)/.test(pathPart) && /%[01][0-9a-f]|%7f|[\u0000-\u001f\u007f]/i.test(pathPart)) {
    return [404, { message: "no such API endpoint" }];
  }
  return null;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === "request" && req && req.headers) {
    req.headers["x-forwarded-for"] = clientOf(req);
    const v = verdict(req);
    if (v) {
      refuse(res, v[0], v[1], v[2]);
      return true;
    }
  }
  return emit.apply(this, arguments);
};

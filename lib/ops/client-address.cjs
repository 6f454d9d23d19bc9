/*
 * Preloaded (node --require) into the web server of `npm start` and of the tests: decides, once per
 * request and before Next sees it, which address the client is, and writes it as the only value of
 * X-Forwarded-For. The rate limits key on that header (lib/limiter.ts, clientKey).
 *
 * Why here: Next only fills X-Forwarded-For from the socket when the client did not send one, and a
 * route handler cannot see the socket. So without this, anyone could pick their own key (escape a
 * per-client limit, or spend someone else's).
 *
 * TRUST_PROXY = the number of reverse proxies in front of the server (default 0, validated by
 * lib/env.ts at start). 0: the socket's address, whatever the header says. N: the address N hops
 * from the right of "X-Forwarded-For, socket" (each proxy appends the address it saw; anything to
 * the left of what our own proxies added may be forged). README "Behind a proxy".
 * Plain CommonJS: it loads before any TypeScript loader.
 */
"use strict";
const http = require("node:http");

const raw = (process.env.TRUST_PROXY || "").trim();
const hops = /^[0-9]$/.test(raw) ? Number(raw) : 0;

function clientOf(req) {
  const socket = (req.socket && req.socket.remoteAddress) || "unknown";
  if (hops === 0) return socket;
  const header = req.headers["x-forwarded-for"];
  const listed = (Array.isArray(header) ? header.join(",") : header || "").split(",").map((s) => s.trim()).filter(Boolean);
  const chain = [...listed, socket];
  return chain[Math.max(0, chain.length - 1 - hops)];
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req) {
  if (event === "request" && req && req.headers) req.headers["x-forwarded-for"] = clientOf(req);
  return emit.apply(this, arguments);
};

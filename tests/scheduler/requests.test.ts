/** "Crawl now" requests: claimed once, answered by one crawl, expired when nobody claims them. */
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { claimRequests, enqueueRequest, expireRequests, pendingRequest, REQUEST_TTL_MS, setRequestCrawl } from "../../lib/scheduler/requests";
import { tempDir } from "../helpers/cli";

describe("crawl requests", () => {
  test("the oldest pending request is claimed once, with every click made before it", () => {
    const s = openSqlite(path.join(tempDir("hf-trends-req-"), "r.db"));
    const now = Date.now();
    const a = enqueueRequest(s, "full", "web", now - 2_000);
    const b = enqueueRequest(s, "full", "web", now - 1_000);
    expect(pendingRequest(s, now)).toMatchObject({ id: a, kind: "full", source: "web" });
    expect(claimRequests(s, b, 1, now)).toBe(true);
    expect(claimRequests(s, b, 2, now)).toBe(false); // a second scheduler finds nothing left
    setRequestCrawl(s, 1, now, 7);
    expect(s.prepare("SELECT id, status, claimed_by AS by, crawl_id AS crawl FROM crawl_requests ORDER BY id").all()).toEqual([
      { id: a, status: "started", by: 1, crawl: 7 },
      { id: b, status: "started", by: 1, crawl: 7 },
    ]);
    expect(pendingRequest(s, now)).toBeNull();
  });

  test("a request nobody claims within the TTL expires instead of starting a crawl later", () => {
    const s = openSqlite(path.join(tempDir("hf-trends-req-"), "r.db"));
    const now = Date.now();
    const old = enqueueRequest(s, "incremental", "web", now - REQUEST_TTL_MS - 1);
    const fresh = enqueueRequest(s, "full", "web", now);
    expect(pendingRequest(s, now)).toMatchObject({ id: fresh });
    expect(expireRequests(s, now)).toBe(1);
    expect(expireRequests(s, now)).toBe(0);
    expect(s.prepare("SELECT status FROM crawl_requests WHERE id = ?").get(old)).toEqual({ status: "expired" });
  });
});

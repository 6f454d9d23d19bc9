/** The web "crawl now" gate: constant-time token check and rate limits; alert payloads carry no secret. */
import { describe, expect, test } from "vitest";
import { checkAdminToken } from "../../lib/ops/admin-auth";
import { crawlFailedAlert, hubUnreachableAlert } from "../../lib/scheduler/alert";
import { adminToken } from "../../lib/env";

const TOKEN = "correct-horse-battery-staple";
const env = (t: string) => ({ ADMIN_TOKEN: t }) as unknown as NodeJS.ProcessEnv;

describe("admin token", () => {
  test.each([
    [null, undefined, "disabled"],
    [`Bearer ${TOKEN}`, undefined, "disabled"],
    [null, TOKEN, "missing"],
    ["Basic abc", TOKEN, "missing"],
    [TOKEN, TOKEN, "missing"],
    ["Bearer wrong", TOKEN, "wrong"],
    [`Bearer ${TOKEN}x`, TOKEN, "wrong"],
    [`Bearer ${TOKEN.slice(0, -1)}`, TOKEN, "wrong"],
    [`Bearer ${TOKEN}`, TOKEN, "ok"],
    [`bearer   ${TOKEN}  `, TOKEN, "ok"],
  ] as const)("%s with ADMIN_TOKEN=%s -> %s", (header, token, want) => {
    expect(checkAdminToken(header, token)).toBe(want);
  });

  test("ADMIN_TOKEN shorter than 16 characters is refused without showing it", () => {
    expect(() => adminToken(env("short-secret"))).toThrow(/at least 16 characters \(the value is not shown\)/);
    expect(() => adminToken(env("short-secret"))).not.toThrow(/short-secret/);
    expect(adminToken(env(""))).toBeUndefined();
    expect(adminToken(env(TOKEN))).toBe(TOKEN);
  });
});

describe("alert payloads", () => {
  test("a Slack-style text plus fields; errors redacted of the token", () => {
    const token = "hf_SecretToken012345";
    const a = crawlFailedAlert(
      "https://huggingface.co",
      { id: 7, kind: "full", status: "failed", reason: "scheduled", models: 12_000, pages: 12, startedAt: 1, error: `401 for Bearer ${token}` },
      Date.parse("2026-11-27T01:00:00Z"),
      token,
    );
    expect(a.event).toBe("crawl-failed");
    expect(a.text).toMatch(/scheduled full crawl #7 failed after 12,000 models: 401 for Bearer hf_\*\*\*\. Retrying at 2026-11-27T01:00:00.000Z\./);
    expect(JSON.stringify(a)).not.toContain(token);
    const u = hubUnreachableAlert("https://huggingface.co", "fetch failed (ENOTFOUND huggingface.co)", "full");
    expect(u).toMatchObject({ event: "hub-unreachable", crawl: null });
    expect(u.text).toMatch(/a full crawl is due but the Hub at https:\/\/huggingface\.co cannot be reached/);
  });
});

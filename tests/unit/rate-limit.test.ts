import { expect, test } from "vitest";
import { parseRateLimit, parseRateLimitPolicy, parseRetryAfter } from "../../lib/hub/rate-limit";
import { redact } from "../../lib/hub/redact";

test("RateLimit headers as the Hub sends them (huggingface_hub's docstring example)", () => {
  expect(parseRateLimit('"api";r=0;t=55')).toEqual({ remaining: 0, resetMs: 55_000 });
  expect(parseRateLimit('"api";r=499;t=300')).toEqual({ remaining: 499, resetMs: 300_000 });
  expect(parseRateLimitPolicy('"fixed window";"api";q=500;w=300')).toEqual({ quota: 500, windowMs: 300_000 });
  expect(parseRateLimit('"api";r=3;t=0.25')).toEqual({ remaining: 3, resetMs: 250 });
  expect(parseRateLimit(null)).toBeUndefined();
  expect(parseRateLimit("garbage")).toBeUndefined();
});

test("Retry-After: seconds, decimal seconds, HTTP-date", () => {
  expect(parseRetryAfter("7")).toBe(7000);
  expect(parseRetryAfter("0.05")).toBe(50);
  const now = Date.parse("2026-11-27T10:00:00Z");
  expect(parseRetryAfter("Fri, 27 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
  expect(parseRetryAfter("soon")).toBeUndefined();
});

test("redact removes the token and anything token-shaped", () => {
  expect(redact("GET failed with Bearer hf_abcdefghijklmnop", "hf_abcdefghijklmnop")).toBe("GET failed with Bearer hf_***");
  expect(redact("token hf_ZZZZZZZZZZZZ leaked")).toBe("token hf_*** leaked");
});

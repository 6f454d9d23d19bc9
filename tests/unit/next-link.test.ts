import { describe, expect, test } from "vitest";
import { nextLink } from "../../lib/crawl/run-crawl";

// The read-ahead requests the page a Link header names before the client asks for it; the client
// then asks for exactly that URL (a mismatch would cost a request: bench:crawl counts them).
describe("nextLink", () => {
  test("the rel=next target of the Hub's header, and only that", () => {
    const next = "https://huggingface.co/api/models?limit=1000&sort=createdAt&cursor=eyJfaWQiOnsiJGd0IjoiNjU0In19";
    expect(nextLink(`<${next}>; rel="next"`)).toBe(next);
    expect(nextLink(`<https://h/x?a=1,2>; rel="prev", <${next}>; rel="next"`)).toBe(next);
    expect(nextLink(`<${next}>; rel=next`)).toBe(next);
    expect(nextLink(`<https://h/last>; rel="last"`)).toBeNull();
    expect(nextLink(`<https://h/x>; rel="nextpage"`)).toBeNull();
    expect(nextLink(null)).toBeNull();
    expect(nextLink("")).toBeNull();
  });
});

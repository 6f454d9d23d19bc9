import { describe, expect, test } from "vitest";
import type { ListedModel } from "../../lib/crawl/model-row";
import { packItems, unpackItems } from "../../lib/crawl/write-protocol";

// Pages cross to the writer thread packed flat; whatever the client yields must come back the same.
describe("packItems / unpackItems", () => {
  test("round-trip items with every field, missing fields, no tags, empty tags, hostile strings", () => {
    const items: ListedModel[] = [
      {
        id: "65a1b2c3d4e5f60718293a4b", name: "org/model", private: false, gated: "manual", task: "text-generation", likes: 3,
        downloads: 10, updatedAt: new Date("2024-05-06T07:08:09.000Z"), createdAt: "2024-01-02T03:04:05.000Z",
        tags: ["pytorch", "a\u0000b", "<script>alert(1)</script>", "日本語"], library_name: "transformers", downloadsAllTime: 99,
      },
      { id: "65a1b2c3d4e5f60718293a4c", name: "x/y", private: true },
      { id: "65a1b2c3d4e5f60718293a4d", name: "x/z", private: false, gated: false, tags: [] },
    ];
    const back = unpackItems(structuredClone(packItems(items)));
    expect(back).toEqual(items.map((m) => ({
      gated: undefined, task: undefined, likes: undefined, downloads: undefined, updatedAt: undefined, createdAt: undefined,
      library_name: undefined, downloadsAllTime: undefined, tags: undefined, ...m,
    })));
    expect(unpackItems(packItems([]))).toEqual([]);
  });
});

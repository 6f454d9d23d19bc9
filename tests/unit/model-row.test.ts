import { describe, expect, test } from "vitest";
import { CREATED_AT_FLOOR_S, isLegacyFloor, objectIdSeconds, toModelRow, type ListedModel } from "../../lib/crawl/model-row";
import { bitOf } from "../../lib/frameworks/classify";

const base: ListedModel = {
  id: "6909b87b734dd24dd19da3ef", name: "moonshotai/Kimi-K2-Thinking", private: false, gated: false,
  task: "text-generation", likes: 578, downloads: 5119, updatedAt: new Date("2025-11-06T10:00:00.000Z"),
  createdAt: "2025-11-04T08:25:31.000Z", tags: ["transformers", "safetensors", "text-generation"],
  library_name: "transformers", downloadsAllTime: 12000,
};

describe("toModelRow", () => {
  test("maps a modern listing item", () => {
    const row = toModelRow(base);
    expect(row).toMatchObject({
      hubId: base.id, repoId: base.name, author: "moonshotai", libraryName: "transformers", pipelineTag: "text-generation",
      createdAt: Date.parse("2025-11-04T08:25:31.000Z") / 1000, createdAtIsFloor: false, gated: null,
      frameworkMask: bitOf("safetensors"), downloads30d: 5119, downloadsAllTime: 12000, likes: 578,
      lastModified: Date.parse("2025-11-06T10:00:00.000Z") / 1000,
    });
  });

  test("never stores private repos", () => {
    expect(toModelRow({ ...base, private: true })).toEqual({ skip: "private" });
  });

  test("rejects items without a valid _id or name", () => {
    expect(toModelRow({ ...base, id: "not-an-object-id" })).toEqual({ skip: "invalid" });
    expect(toModelRow({ ...base, name: "" })).toEqual({ skip: "invalid" });
  });

  test("flags the legacy createdAt floor (04 and 05 seconds)", () => {
    for (const iso of ["2022-03-02T23:29:04.000Z", "2022-03-02T23:29:05.000Z"]) {
      const row = toModelRow({ ...base, id: "621ffdc036468d709f174338", name: "google-bert/bert-base-uncased", createdAt: iso });
      expect(row).toMatchObject({ createdAtIsFloor: true });
    }
    expect(isLegacyFloor(CREATED_AT_FLOOR_S + 2)).toBe(false);
    expect(isLegacyFloor(CREATED_AT_FLOOR_S - 1)).toBe(false);
  });

  test("falls back to the ObjectId's time when createdAt is missing", () => {
    const row = toModelRow({ ...base, createdAt: undefined });
    expect(row).toMatchObject({ createdAt: objectIdSeconds(base.id) });
    expect(objectIdSeconds("621ffdc036468d709f174338")).toBe(Date.parse("2022-03-02T23:29:04Z") / 1000);
  });

  test("legacy ids without a namespace have no author; gated kept; missing optional fields", () => {
    const row = toModelRow({ ...base, name: "bert-base-uncased", gated: "manual", task: undefined, library_name: undefined, updatedAt: new Date(NaN), downloads: undefined, likes: undefined, downloadsAllTime: undefined, tags: undefined });
    expect(row).toMatchObject({ author: null, gated: "manual", pipelineTag: null, libraryName: null, lastModified: null, downloads30d: 0, likes: 0, downloadsAllTime: 0, tags: "[]", frameworkMask: 0 });
  });
});

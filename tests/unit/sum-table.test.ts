/** The rollups' keyed sums (lib/rollups/sum-table.ts) against a plain Map of arrays, on seeded random keys. */
import { expect, test } from "vitest";
import { key } from "../../lib/rollups/rollup-acc";
import { seededRandom } from "../../lib/runner/sample";
import { SumTable } from "../../lib/rollups/sum-table";

type Ref = Map<number, number[]>;

function addRef(ref: Ref, k: number, v: number[]): void {
  const a = ref.get(k) ?? [0, 0, 0, 0, 0];
  v.forEach((x, i) => (a[i] += x));
  ref.set(k, a);
}

function entries(t: SumTable): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (let r = 0; r < t.size; r++) out.push([t.keys[r], [0, 1, 2, 3, 4].map((i) => t.sum(r, i))]);
  return out;
}

/** Keys as the rollups make them: large (beyond 32 bits), clustered, many repeated. */
function randomKey(next: () => number): number {
  return key(Math.floor(next() * 131_072), Math.floor(next() * 30), Math.floor(next() * 32_768));
}

test("adds equal a Map's, in the Map's insertion order, through many growths", () => {
  const next = seededRandom("sum-table 7");
  const t = new SumTable();
  const ref: Ref = new Map();
  const keys = Array.from({ length: 3_000 }, () => randomKey(next));
  for (let i = 0; i < 50_000; i++) {
    const k = keys[Math.floor(next() * keys.length)];
    const d = Math.floor(next() * 1e6);
    const all = d * 3;
    const likes = Math.floor(next() * 50);
    const since = Math.floor(next() * 10);
    t.add(k, d, all, likes, since);
    addRef(ref, k, [1, d, all, likes, since]);
  }
  expect(t.size).toBe(ref.size);
  expect(entries(t)).toEqual([...ref]);
  for (const k of keys.slice(0, 100)) expect(t.find(k)).toBe([...ref.keys()].indexOf(k));
  expect(t.find(key(131_071, 1_048_575, 32_767))).toBe(-1);
  expect(t.four(0)).toEqual(ref.values().next().value!.slice(0, 4));
});

test("addRow sums a row into another key, of the same table too", () => {
  const a = new SumTable();
  a.add(1, 10, 20, 3, 4);
  a.add(1, 5, 5, 0, 1);
  a.add(2 ** 40, 7, 7, 7, 7);
  const b = new SumTable();
  b.addRow(9, a, 0);
  b.addRow(9, a, 1);
  expect(entries(b)).toEqual([[9, [3, 22, 32, 10, 12]]]);
  expect(b.four(0)).toEqual([3, 22, 32, 10]);
  expect(b.crawlColumns(0, true)).toEqual([3, 22, 32, 12, 10]); // since_prev before likes, as the per-crawl tables
  expect(b.crawlColumns(0, false)).toEqual([3, 22, 32, null, 10]);
  for (let i = 0; i < 10; i++) a.addRow(100 + i, a, 0); // grows while reading its own rows
  expect(entries(a).slice(2)).toEqual(Array.from({ length: 10 }, (_, i) => [100 + i, [2, 15, 25, 3, 5]]));
});

test("retain keeps the passing rows in order and finds them again; removed keys start from zero", () => {
  const next = seededRandom("sum-table 11");
  const t = new SumTable();
  const ref: Ref = new Map();
  for (let i = 0; i < 5_000; i++) {
    const k = randomKey(next);
    t.add(k, i, i, i, i);
    addRef(ref, k, [1, i, i, i, i]);
  }
  const keep = (k: number) => k % 3 !== 0;
  t.retain(keep);
  for (const k of [...ref.keys()]) if (!keep(k)) ref.delete(k);
  expect(entries(t)).toEqual([...ref]);
  const gone = key(5, 5, 5) - (key(5, 5, 5) % 3); // a multiple of 3: never kept
  t.add(gone, 1, 1, 1, 1);
  expect(t.sum(t.find(gone), 0)).toBe(1);
  for (const [k, v] of ref) expect(t.sum(t.find(k), 1)).toBe(v[1]);
});

test("a structured clone (what the writer thread posts) restores to a working table", () => {
  const t = new SumTable();
  for (let i = 0; i < 100; i++) t.add(key(i, i % 7, i % 3), i, 0, 0, 0);
  const back = SumTable.restore(structuredClone(t));
  expect(entries(back)).toEqual(entries(t));
  back.add(key(3, 3, 0), 1, 0, 0, 0);
  expect(back.sum(back.find(key(3, 3, 0)), 0)).toBe(2);
  back.add(key(500, 0, 0), 1, 0, 0, 0);
  expect(back.size).toBe(101);
});

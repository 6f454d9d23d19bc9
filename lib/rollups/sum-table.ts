/**
 * The rollup accumulators' one container: five running sums (models, downloads_30d,
 * downloads_all_time, likes, downloads_since_prev) per integer key, in typed arrays.
 *
 * Why not a Map of 5-number arrays: at 3.1M models a first load holds ~290k keyed sums (cohorts
 * ~100k, large authors' cohorts and crawls ~190k). As Map entries each cost ~146 bytes of V8 heap
 * (entry, boxed key, array, its double store), ~40 MB that the writer thread grew and then
 * structured-cloned to the crawl's thread. Here a key costs ~75 bytes outside the V8 heap (an
 * open-addressing index over dense rows, kept at most half full), and the clone copies four buffers.
 * Rows keep their insertion order, as a Map's entries did.
 */

/** Sums per row, in this order. */
export const SUMS = 5;

const EMPTY = -1;

export class SumTable {
  /** The key of each row, in insertion order. */
  keys: Float64Array;
  /** Row i's sums at [i * SUMS, (i + 1) * SUMS). */
  sums: Float64Array;
  /** Open-addressing index: slot -> row (EMPTY when free); its length is a power of two, at least twice the rows. */
  slots: Int32Array;
  size = 0;

  constructor(capacity = 4) {
    const rows = Math.max(1, capacity);
    this.keys = new Float64Array(rows);
    this.sums = new Float64Array(rows * SUMS);
    this.slots = new Int32Array(slotsFor(rows)).fill(EMPTY);
  }

  /** A table received through a structured clone (postMessage), with its methods back. */
  static restore(clone: SumTable): SumTable {
    return Object.setPrototypeOf(clone, SumTable.prototype) as SumTable;
  }

  /** Its buffers, to transfer it to another thread (postMessage's transfer list) instead of copying them. */
  buffers(): ArrayBuffer[] {
    return [this.keys.buffer as ArrayBuffer, this.sums.buffer as ArrayBuffer, this.slots.buffer as ArrayBuffer];
  }

  /** The row of `key`, or -1. */
  find(key: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash(key) & mask; ; s = (s + 1) & mask) {
      const row = this.slots[s];
      if (row === EMPTY) return -1;
      if (this.keys[row] === key) return row;
    }
  }

  /** The row of `key`, added with zero sums when absent. */
  row(key: number): number {
    const mask = this.slots.length - 1;
    let s = hash(key) & mask;
    for (; ; s = (s + 1) & mask) {
      const row = this.slots[s];
      if (row === EMPTY) break;
      if (this.keys[row] === key) return row;
    }
    if (this.size === this.keys.length) {
      this.grow();
      return this.row(key);
    }
    const row = this.size++;
    this.keys[row] = key;
    this.slots[s] = row;
    return row;
  }

  /** One model (models + 1) with its downloads, all-time downloads, likes and downloads since the previous crawl. */
  add(key: number, d: number, all: number, likes: number, since: number): void {
    const o = this.row(key) * SUMS;
    const a = this.sums;
    a[o]++;
    a[o + 1] += d;
    a[o + 2] += all;
    a[o + 3] += likes;
    a[o + 4] += since;
  }

  /** Adds another table's row `row` (the same five sums) to `key`'s. */
  addRow(key: number, from: SumTable, row: number): void {
    const o = this.row(key) * SUMS;
    const f = row * SUMS;
    for (let i = 0; i < SUMS; i++) this.sums[o + i] += from.sums[f + i];
  }

  /** Sum `i` (0 models, 1 downloads_30d, 2 downloads_all_time, 3 likes, 4 downloads_since_prev) of row `row`. */
  sum(row: number, i: number): number {
    return this.sums[row * SUMS + i];
  }

  /** models, downloads_30d, downloads_all_time, likes of row `row`: the cohort tables' columns. */
  four(row: number): [number, number, number, number] {
    const o = row * SUMS;
    return [this.sums[o], this.sums[o + 1], this.sums[o + 2], this.sums[o + 3]];
  }

  /**
   * models, downloads_30d, downloads_all_time, downloads_since_prev (null without a previous full
   * crawl), likes of row `row`: the per-crawl tables' columns, in their order.
   */
  crawlColumns(row: number, withPrev: boolean): [number, number, number, number | null, number] {
    const o = row * SUMS;
    return [this.sums[o], this.sums[o + 1], this.sums[o + 2], withPrev ? this.sums[o + 4] : null, this.sums[o + 3]];
  }

  /** Keeps only the rows whose key passes `keep`, in their order. */
  retain(keep: (key: number) => boolean): void {
    let n = 0;
    for (let r = 0; r < this.size; r++) {
      if (!keep(this.keys[r])) continue;
      if (n !== r) {
        this.keys[n] = this.keys[r];
        this.sums.copyWithin(n * SUMS, r * SUMS, (r + 1) * SUMS);
      }
      n++;
    }
    this.sums.fill(0, n * SUMS, this.size * SUMS);
    this.size = n;
    this.reindex();
  }

  private grow(): void {
    const rows = this.keys.length * 2;
    const keys = new Float64Array(rows);
    keys.set(this.keys);
    const sums = new Float64Array(rows * SUMS);
    sums.set(this.sums);
    this.keys = keys;
    this.sums = sums;
    this.slots = new Int32Array(slotsFor(rows));
    this.reindex();
  }

  private reindex(): void {
    this.slots.fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let r = 0; r < this.size; r++) {
      let s = hash(this.keys[r]) & mask;
      while (this.slots[s] !== EMPTY) s = (s + 1) & mask;
      this.slots[s] = r;
    }
  }
}

/** A power of two at least twice `rows`: probes stay short. */
function slotsFor(rows: number): number {
  let n = 2;
  while (n < rows * 2) n *= 2;
  return n;
}

/** Mixes both 32-bit halves of a non-negative integer key below 2^53 (murmur3's finaliser). */
function hash(key: number): number {
  let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4_294_967_296), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

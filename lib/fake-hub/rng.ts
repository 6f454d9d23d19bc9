/**
 * Seeded, counter-based hashing: every random-looking value of the fake Hub is a pure function
 * of (seed, index, salt), so any model can be generated alone, in any order, on any day, and two
 * servers with the same seed agree byte for byte. There is deliberately no Math.random anywhere.
 */

/** murmur3's 32-bit finaliser: a cheap avalanche over one uint32. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of (seed, index, salt). index may be any integer below 2^53 (the high part is mixed in too). */
export function hash32(seed: number, index: number, salt: number): number {
  const hi = Math.floor(index / 4294967296);
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ (index >>> 0)) + 0x7f4a7c15);
  if (hi !== 0) h = mix32(h ^ hi);
  return mix32((h ^ Math.imul(salt | 0, 0x27d4eb2f)) + 0x165667b1);
}

/** Uniform float in [0, 1) from (seed, index, salt). */
export function u01(seed: number, index: number, salt: number): number {
  return hash32(seed, index, salt) / 4294967296;
}

/** FNV-1a of a string: turns readable salt names into numbers once, at module load. */
export function saltOf(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) {
    h ^= name.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `n` hex digits derived from (seed, index, salt); used for shas, oids and the like. */
export function hexOf(seed: number, index: number, salt: number, n: number): string {
  // The salt goes through a non-linear mix first, so salts in arithmetic progression
  // (commit j, j+1, ...) cannot produce shifted copies of each other's digits.
  const base = mix32((seed ^ mix32(salt >>> 0)) >>> 0);
  let out = "";
  for (let k = 0; out.length < n; k++) out += hash32(base, index, k).toString(16).padStart(8, "0");
  return out.slice(0, n);
}

/**
 * A sequence of independent uniforms for one entity and one aspect (e.g. model 42's tags).
 * Aspects get separate streams so that adding a draw to one never shifts the others.
 */
export class Stream {
  private k = 0;
  private readonly h: number;
  constructor(seed: number, index: number, salt: number) {
    // One full hash of (seed, index, salt) up front; each draw is then a single splitmix-style
    // mix of (h + k * golden ratio), which keeps the generator's hot path cheap.
    this.h = hash32(seed, index, salt);
  }
  next(): number {
    return mix32((this.h + Math.imul(++this.k, 0x9e3779b9)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Weighted pick from a prepared table (see `table`). */
  from<T>(t: Table<T>): T {
    return pickFrom(t, this.next());
  }
}

/** A weighted choice table with cumulative weights precomputed, so a pick is one scan. */
export interface Table<T> {
  readonly items: readonly T[];
  readonly cum: Float64Array;
  readonly total: number;
}

export function table<T>(entries: readonly (readonly [T, number])[]): Table<T> {
  const cum = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, w], k) => {
    total += w;
    cum[k] = total;
  });
  return { items: entries.map(([v]) => v), cum, total };
}

export function pickFrom<T>(t: Table<T>, u: number): T {
  const x = u * t.total;
  for (let k = 0; k < t.cum.length; k++) if (x < t.cum[k]) return t.items[k];
  return t.items[t.items.length - 1];
}

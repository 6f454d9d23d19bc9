/**
 * Authors and repo names. Every generated name ends in "-<token>", where token is a bijective
 * scramble of the model index in base 36: names are unique without any index in memory, and
 * `/api/models/:author/:name` finds its model in O(1) by decoding the token (so do renamed
 * repos' old ids, which keep the name and change the author).
 */
import { Stream, hash32, saltOf } from "./rng";

const MULT = 0x9e3779b1;
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
/** Multiplicative inverse of MULT modulo 2^32 (Newton iteration; MULT is odd). */
const INV = (() => {
  let x = MULT;
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(MULT, x));
  return x >>> 0;
})();

export class NameCodec {
  private readonly offset: number;
  constructor(seed: number) {
    this.offset = hash32(seed, 0, saltOf("name-token"));
  }
  token(i: number): string {
    // Hand-rolled base 36: Number#toString(36) was a visible share of a listing's cost.
    let x = (Math.imul(i, MULT) + this.offset) >>> 0;
    if (x === 0) return "0";
    let out = "";
    while (x > 0) {
      const d = x % 36;
      out = DIGITS[d] + out;
      x = (x - d) / 36;
    }
    return out;
  }
  /** The index a token encodes, or -1 when it is not a canonical token. */
  index(token: string): number {
    if (!/^[0-9a-z]{1,7}$/.test(token)) return -1;
    const x = parseInt(token, 36);
    if (x > 0xffffffff || x.toString(36) !== token) return -1;
    return Math.imul((x - this.offset) >>> 0, INV) >>> 0;
  }
}

/** Prolific organisations (invented names): they hold a tenth of all models, Zipf-distributed. */
export const ORGS: readonly string[] = [
  "quantforge", "openlm-lab", "nlp-town-labs", "deepvision-ai", "openspeech-org", "tinyllm",
  "bertlab", "helsinki-mt-fans", "stablegen", "sparse-magic", "sb3-agents", "lora-garden",
  "gguf-forge", "mlx-community-fans", "sentence-lab", "vision-zoo", "autotrain-users", "medical-nlp",
  "finance-ai-lab", "code-models", "audio-works", "bio-lm", "legal-nlp", "ru-nlp-group", "zh-llm-lab",
  "ja-models", "arabic-nlp", "indic-ai", "fr-nlp", "es-nlp-team", "de-lm", "kr-ai-lab", "edge-ml",
  "onnx-exports", "research-collective", "uni-ml-group", "robotics-rl", "diffusion-art", "retrieval-lab",
  "small-models-co",
];
const ORG_WEIGHTS = (() => {
  const cum = new Float64Array(ORGS.length);
  let t = 0;
  for (let k = 0; k < ORGS.length; k++) cum[k] = t += 1 / (k + 1);
  return { cum, t };
})();

const FIRST = [
  "alex", "maria", "kenji", "li", "fatima", "omar", "sara", "ivan", "lucas", "anna", "wei", "priya",
  "jose", "emma", "noah", "yuki", "amir", "olga", "chen", "leo", "mia", "arjun", "sofia", "tom",
  "nina", "rahul", "hana", "marco", "lena", "david", "zara", "felix", "ines", "kofi", "ada", "hugo",
  "elif", "bao", "iris", "tariq",
];
const LAST = [
  "smith", "garcia", "tanaka", "wang", "khan", "ivanov", "rossi", "muller", "silva", "kim", "nguyen",
  "patel", "lopez", "dubois", "novak", "sato", "cohen", "moreau", "berg", "costa", "lee", "ali",
  "schmidt", "romano", "park", "singh", "mensah", "okafor", "haddad", "larsen",
];
const HANDLE = ["ml", "ai", "dev", "nlp", "lab", "codes", "hf", "research", "x", "99", "42", "2000", "labs"];

/** Name of synthetic user number u (users may coincide by name; that only merges them). */
export function userName(seed: number, u: number): string {
  const s = new Stream(seed, u, saltOf("user"));
  const f = s.pick(FIRST);
  const l = s.pick(LAST);
  switch (s.int(0, 5)) {
    case 0: return `${f}-${l}`;
    case 1: return `${f}${l}`;
    case 2: return `${f}_${l}${s.int(1, 99)}`;
    case 3: return `${f[0]}${l}`;
    case 4: return `${f}-${s.pick(HANDLE)}`;
    default: return `${f}${l[0]}${s.pick(HANDLE)}`;
  }
}

/**
 * The Hub's user pool. Names are memoised (one flat string per user, at most `size` of them): a
 * listing names one author per model, and rebuilding the name each time was a visible cost.
 */
export class UserPool {
  // Preallocated and filled so the array keeps fast (non-dictionary) elements under random writes.
  private readonly names: string[];
  constructor(private readonly seed: number, readonly size: number) {
    this.names = new Array<string>(size).fill("");
  }
  name(u: number): string {
    let n = this.names[u];
    if (n === "") this.names[u] = n = userName(this.seed, u);
    return n;
  }
}

/** Author of a (non-special) model: an org for about 10% of models, otherwise a pool user. */
export function pickAuthor(s: Stream, users: UserPool): string {
  if (s.chance(0.1)) return pickOrg(s.next());
  const v = s.next();
  // Squared uniform: low user numbers get many more models (a few prolific users, a long tail).
  return users.name(Math.floor(users.size * v * v));
}

export function pickOrg(u: number): string {
  const x = u * ORG_WEIGHTS.t;
  for (let k = 0; k < ORGS.length; k++) if (x < ORG_WEIGHTS.cum[k]) return ORGS[k];
  return ORGS[ORGS.length - 1];
}

/**
 * Hostile repos: HTML, quotes, unicode, formula-looking text. They must stay URL-able, so no "/",
 * "\\", "?", "#", "%" and no "." / ".." segments (URL parsers would rewrite those).
 */
export const HOSTILE: readonly { author: string; name: string; tags?: string[] }[] = [
  { author: 'evil"org', name: "<img src=x onerror=alert(1)>" },
  { author: "ünïcødé-组织", name: "模型-🚀" },
  { author: "<script>alert(1)<script>", name: "xss-author-model" },
  { author: "tag-injector", name: "svg-tag-model", tags: ['"><svg onload=alert(1)>', "<b>bold</b>"] },
  { author: "formula-lab", name: "=cmd|' -C calc'!A0" },
  { author: "quote'n\"amp&co", name: "+SUM(1,2)-@cell \"q\"" },
  { author: "sql-org", name: "'; DROP TABLE models;--" },
  { author: "rtl‮gro", name: "zero​width-and-emoji-👾" },
];

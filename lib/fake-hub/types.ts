/** Public types of the fake Hub (re-exported by generator.ts and server.ts). */

export type Gated = false | "auto" | "manual";

/**
 * One model as the fake Hub serves it on the current day: the ground truth tests compare against.
 * Every field has the value the API sends; optional keys are absent (never null) exactly when the
 * API omits them.
 */
export interface FakeModel {
  _id: string;
  /** Repo id "author/name" (exactly one "/"); changes when the repo is renamed. */
  id: string;
  author: string;
  private: boolean;
  gated: Gated;
  disabled: false;
  pipeline_tag?: string;
  library_name?: string;
  tags: string[];
  /** Rolling 30-day count: downloadsAllTime(day) - downloadsAllTime(day - 30), exactly. */
  downloads: number;
  downloadsAllTime: number;
  likes: number;
  trendingScore: number;
  /** API createdAt: the legacy floor for repos created before 2022-03-02T23:29:04Z. */
  createdAt: string;
  lastModified: string;
  /** Id of the newest commit visible on the current day. */
  sha: string;
  siblings: string[];
  /** The real creation instant (to the second); for legacy repos only the commit history shows it. */
  trueCreatedAt: string;
  /** Date of the oldest commit: trueCreatedAt, except for squashed histories. */
  firstCommitAt: string;
  commitCount: number;
  legacy: boolean;
  squashed: boolean;
  /** Ids this repo had before its rename (empty when never renamed). */
  previousIds: string[];
  /** Internal index (creation order); `_id`'s last 6 hex digits. */
  index: number;
  /** What kind of repo the generator made (transformers, gguf, tfjs, ...); for tests and debugging. */
  kind: string;
  /**
   * Ground truth for the framework lens (never served by the API): the frameworks the generator
   * meant, and those the repo's tags and library allow (empty = Undetermined); framework-lens ids.
   */
  framework: { intended: string[]; attributed: string[] };
}

/**
 * Faults injected over real sockets. All are deterministic functions of the fault seed and the
 * request's sequence number (counted from the last setFaults), and all knobs are in milliseconds.
 */
export interface FaultOptions {
  /** Fraction of requests answered with a 5xx JSON error. */
  errorRate?: number;
  /** Statuses the error fault draws from; default [500, 502, 503, 504]. */
  errorStatuses?: number[];
  /** Every `every`-th request starts `length` consecutive 429s carrying Retry-After = retryAfterMs. */
  storm429?: { every: number; length: number; retryAfterMs: number };
  /** Delay (or trickle duration) for slow responses, in ms. */
  slowPageMs?: number;
  /** Fraction of requests made slow; default 1 when slowPageMs is set. */
  slowRate?: number;
  /** "delay": wait then send; "trickle": send headers, then the body in pieces over slowPageMs. */
  slowMode?: "delay" | "trickle";
  /** Fraction of responses cut short: full Content-Length sent, part of the body, then the socket dies. */
  truncateRate?: number;
  /** Fraction of requests whose socket is reset before any response byte. */
  resetRate?: number;
  /** Fraction of requests accepted and never answered (clients must time out). */
  hangRate?: number;
  /** Seed of the fault draws; default: the Hub seed. */
  seed?: number;
  /** Also inject faults on /resolve/ file downloads (default: only /api/*). */
  includeResolve?: boolean;
}

/** Fixed-window quotas. Defaults follow the real Hub: 500 anonymous / 1000 with a token per 300,000 ms. */
export interface RateLimitOptions {
  quota: number;
  windowMs: number;
  /** Quota for requests with a token; default 2 x quota. */
  tokenQuota?: number;
  /** Quota of the separate "resolvers" bucket (file downloads); default 3000 (6000 with a token). */
  resolverQuota?: number;
}

/** A file of a mounted repo: real bytes, or listed in the file list but answered 404 (a lost LFS object). */
export interface MountedFile {
  path: string;
  bytes?: Buffer;
  /** Listed (siblings, tree) but /resolve/ answers 404: a shard the Hub lost. */
  missing?: boolean;
}

/**
 * A repo whose files the caller supplies (the runner's fixtures: models with known outputs, broken
 * and oversize variants). Mounted repos sit at fixed indexes from MOUNT_BASE on (in `mounts`
 * order), so they are listed, crawled and served like any other repo, with generated dates and
 * popularity; their id, task, library, tags and files are the caller's.
 */
export interface MountedRepo {
  /** "author/name": URL-safe characters, exactly one "/". */
  id: string;
  pipeline_tag?: string;
  library_name?: string;
  /** Card tags (e.g. "tfjs"), in order. */
  tags?: string[];
  gated?: Gated;
  files: MountedFile[];
  /** false: its /resolve/ answers carry no CORS headers (a host that blocks browsers). Default true. */
  cors?: boolean;
  /** Extra delay before each /resolve/ answer of a non-JSON file (the weight shards), ms: slow downloads for timeouts and cancel. */
  resolveDelayMs?: number;
}

export interface FakeHubOptions {
  /** Number of models created up to the anchor day (default: `day`). Deleted ones are part of it. */
  models: number;
  seed: number;
  /** The clock's current day, YYYY-MM-DD; default "2026-11-27". */
  day?: string;
  /**
   * The day on which exactly `models` models had been created; default = `day`. Give the original
   * day here to restart the same (grown) Hub on a later `day`.
   */
  anchorDay?: string;
  /** 0 = random free port. */
  port?: number;
  host?: string;
  /** false disables rate limiting (and its headers). */
  rateLimit?: RateLimitOptions | false;
  /** The rate limiter's clock, ms (default Date.now): tests step it instead of racing a real window. */
  rateLimitClock?: () => number;
  faults?: FaultOptions;
  /** /api/models page size when `limit` is absent; default 1000. */
  defaultPageSize?: number;
  /** Repos with caller-supplied files at indexes MOUNT_BASE, MOUNT_BASE + 1, ... (needs models > MOUNT_BASE + mounts). */
  mounts?: MountedRepo[];
  /** Test knobs of the generated Hub (a known crossover, a constant download rate); default: the realistic Hub. */
  profile?: ProfileOptions;
}

/**
 * Options a test sets to know the answer in advance. Unset, the Hub is the realistic default.
 */
export interface ProfileOptions {
  /**
   * "YYYY-MM": transformers-style repos created before this month carry TensorFlow weights only,
   * those created from it PyTorch only; so PyTorch overtakes TensorFlow in new models that month.
   */
  crossoverMonth?: string;
  /** Every model gains exactly this many downloads per day from its creation day (no launch burst, no tail). */
  downloadRate?: number;
}

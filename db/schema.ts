/**
 * The single source of the database's shape. Types are inferred from it; migrations under
 * db/migrations are generated from it with `npm run db:generate` and committed.
 *
 * Units: every `*_at` column of a model is epoch SECONDS (UTC); every `*_at` column of a crawl or a
 * lock is epoch MILLISECONDS (UTC). Hub dates have one-second resolution; crawl timing wants ms.
 *
 * Scale this is built for: ~3.1M models, one full crawl a day for years. Per-crawl history is
 * stored change-only (see model_snapshots) and every dashboard figure is read from the rollup_*
 * tables, never by scanning models.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const models = sqliteTable(
  "models",
  {
    /** Internal key; snapshots reference it (8 bytes instead of the 24-char Hub id). */
    id: integer("id").primaryKey(),
    /** The Hub's `_id` (MongoDB ObjectId hex). Stable across renames: the identity of a model. */
    hubId: text("hub_id").notNull(),
    /** `author/name` as last seen; changes on rename (old names are kept in model_renames). */
    repoId: text("repo_id").notNull(),
    /** Namespace of repoId (user or org); null for legacy ids without a namespace. */
    author: text("author"),
    libraryName: text("library_name"),
    pipelineTag: text("pipeline_tag"),
    /** API createdAt, epoch s. For repos older than 2022-03 this is the Hub's floor value. */
    createdAt: integer("created_at").notNull(),
    /** 1 when createdAt is the legacy floor (2022-03-02T23:29:04-05Z): not a real creation date. */
    createdAtIsFloor: integer("created_at_is_floor", { mode: "boolean" }).notNull().default(false),
    /** True creation date recovered by the backfill (first commit), epoch s. */
    trueCreatedAt: integer("true_created_at"),
    /**
     * How trueCreatedAt was found: "initial-commit" (the Hub's system initial commit),
     * "oldest-commit" (history squashed: the oldest surviving commit, an upper bound),
     * "not-found" (repo gone or history empty). Null = not backfilled yet.
     */
    trueCreatedSource: text("true_created_source"),
    /** lastModified, epoch s, where the listing gave it. */
    lastModified: integer("last_modified"),
    /** "auto" | "manual" for gated repos, null otherwise. Private repos are never stored. */
    gated: text("gated"),
    /** The Hub tags as a JSON array, verbatim. */
    tags: text("tags").notNull().default("[]"),
    /** Tracked frameworks as bits (lib/frameworks/config.ts `bit`); 0 = the "none" bucket. */
    frameworkMask: integer("framework_mask").notNull().default(0),
    /** Frameworks the tags suggest but files must confirm (tfjs), as bits. */
    frameworkCandidates: integer("framework_candidates").notNull().default(0),
    /** When the file pass last read this repo's file list (epoch s); null = never. */
    filesCheckedAt: integer("files_checked_at"),
    /** Latest values (also in model_snapshots): rolling 30-day downloads, all-time downloads, likes. */
    downloads30d: integer("downloads_30d").notNull().default(0),
    downloadsAllTime: integer("downloads_all_time").notNull().default(0),
    likes: integer("likes").notNull().default(0),
    firstSeenCrawl: integer("first_seen_crawl").notNull(),
    lastSeenCrawl: integer("last_seen_crawl").notNull(),
    /** Set by the first completed full crawl that did not list the model. Models are never deleted. */
    goneSinceCrawl: integer("gone_since_crawl"),
  },
  (t) => [
    uniqueIndex("models_hub_id").on(t.hubId),
    // Partial: only the ~1% of legacy rows are in it, so crawls do not pay for it on every insert.
    index("models_legacy").on(t.trueCreatedSource).where(sql`${t.createdAtIsFloor} = 1`),
    // Repo ids and authors, case-insensitive: the dashboard's prefix search reads
    // `repo_id COLLATE NOCASE >= ? AND ... < ?` ranges (the Hub's ids are mixed case), and exact
    // lookups read `repo_id = ? COLLATE NOCASE AND repo_id = ?` (the index, then the exact match).
    // Migration 0004 dropped the case-sensitive twins of these: one index per column is half the
    // index build after a first crawl and ~60 fewer bytes per model.
    index("models_repo_id_nocase").on(sql`${t.repoId} COLLATE NOCASE`),
    index("models_author_nocase").on(sql`${t.author} COLLATE NOCASE`),
  ],
);

/**
 * Per-crawl metrics, change-only: a row exists for (model, crawl) only when the model was new in
 * that crawl or one of its values differed from its previous row. The value of a model at crawl N is
 * its latest row with crawl_id <= N. The migration makes this table WITHOUT ROWID (drizzle cannot
 * declare it): the primary key is the table, about 17 bytes a row.
 */
export const modelSnapshots = sqliteTable(
  "model_snapshots",
  {
    modelId: integer("model_id").notNull(),
    crawlId: integer("crawl_id").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.crawlId] })],
);

export const modelRenames = sqliteTable(
  "model_renames",
  {
    id: integer("id").primaryKey(),
    hubId: text("hub_id").notNull(),
    oldRepoId: text("old_repo_id").notNull(),
    newRepoId: text("new_repo_id").notNull(),
    crawlId: integer("crawl_id").notNull(),
  },
  (t) => [index("model_renames_old").on(t.oldRepoId)],
);

export const CRAWL_KINDS = ["full", "incremental", "scoped", "backfill", "files", "onnx-files"] as const;
export type CrawlKind = (typeof CRAWL_KINDS)[number];
export const CRAWL_STATUSES = ["running", "completed", "failed", "interrupted"] as const;
export type CrawlStatus = (typeof CRAWL_STATUSES)[number];

export const crawls = sqliteTable(
  "crawls",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: CRAWL_KINDS }).notNull(),
    status: text("status", { enum: CRAWL_STATUSES }).notNull(),
    /** The crawl's filters as JSON ({author, task, tags, search, sort, limit}); {} for a full crawl. */
    scope: text("scope").notNull().default("{}"),
    /** Hub base URL crawled (never with credentials). */
    hubUrl: text("hub_url").notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    /** Last sign of life of the process running it (ms). */
    heartbeatAt: integer("heartbeat_at"),
    pages: integer("pages").notNull().default(0),
    requests: integer("requests").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    rateLimitWaits: integer("rate_limit_waits").notNull().default(0),
    /** Total time spent waiting on the Hub's quota (429s and pacing), ms. */
    rateLimitWaitMs: integer("rate_limit_wait_ms").notNull().default(0),
    modelsSeen: integer("models_seen").notNull().default(0),
    modelsNew: integer("models_new").notNull().default(0),
    modelsGone: integer("models_gone").notNull().default(0),
    /** For ETA: the model count of the last completed full crawl when this one started. */
    expectedModels: integer("expected_models"),
    /** The next page's URL (from the Link header), written in the same transaction as the page. */
    checkpointUrl: text("checkpoint_url"),
    /** Kind-specific resume state as JSON (the backfill's position, the incremental high-water _id). */
    checkpointState: text("checkpoint_state"),
    error: text("error"),
    pid: integer("pid"),
    host: text("host"),
    /** How many times it was resumed after an interruption or a crash. */
    resumes: integer("resumes").notNull().default(0),
  },
  (t) => [index("crawls_status_kind").on(t.status, t.kind, t.id)],
);

/** One row at most: the crawl that holds the DB (every kind of crawl takes it). */
export const crawlLock = sqliteTable("crawl_lock", {
  id: integer("id").primaryKey(),
  crawlId: integer("crawl_id"),
  pid: integer("pid").notNull(),
  host: text("host").notNull(),
  acquiredAt: integer("acquired_at").notNull(),
  heartbeatAt: integer("heartbeat_at").notNull(),
});

/**
 * Creation cohorts of the models alive in the latest completed crawl: counts and sums per
 * framework mask x creation period x task. Weeks and months are both stored (weeks do not nest in
 * months); quarters and years are sums of months. Replaced as a whole after each completed crawl.
 */
export const rollupCohorts = sqliteTable(
  "rollup_cohorts",
  {
    crawlId: integer("crawl_id").notNull(),
    /** "week" (ISO week, Monday start) or "month". */
    period: text("period", { enum: ["week", "month"] }).notNull(),
    /** First day of the period, YYYY-MM-DD (UTC). */
    periodStart: text("period_start").notNull(),
    /**
     * 1 when the creation date is the Hub's 2022-03-02 floor and no true date was backfilled:
     * those models sit in the floor's period but were created at some unknown earlier time.
     */
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    /** pipeline_tag, "" when the model has none. */
    task: text("task").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.period, t.periodStart, t.frameworkMask, t.task, t.createdFloor] }),
    // A task filter reads one task's rows instead of the whole table.
    index("rollup_cohorts_task").on(t.task, t.period, t.periodStart),
  ],
);

/**
 * Per completed full crawl: the state of the Hub as that crawl saw it, per framework mask x task.
 * Kept for every crawl (never thinned): the "across crawls" series read it.
 */
export const rollupCrawls = sqliteTable(
  "rollup_crawls",
  {
    crawlId: integer("crawl_id").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    task: text("task").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    /**
     * Downloads between the previous completed full crawl and this one: the sum of each model's
     * downloadsAllTime delta (exact for models listed by both; a new model counts from 0, a model
     * gone since drops out). Null on the first full crawl.
     */
    downloadsSincePrev: integer("downloads_since_prev"),
    likes: integer("likes").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.crawlId, t.frameworkMask, t.task] }),
    index("rollup_crawls_task").on(t.task, t.crawlId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Dashboard rollups (derived; written by lib/rollups/rollups.ts with the rollups above, in the same
// transaction). They exist so that every dashboard query reads a few thousand rows at most on a
// 3M-model Hub: the task dimension summed out, the library dimension added, per-crawl figures
// that need a sort of every model (top 1%), and the top models per framework.
// ---------------------------------------------------------------------------------------------

/** rollup_cohorts with the task summed out (the unfiltered overview reads this). */
export const rollupCohortMasks = sqliteTable(
  "rollup_cohort_masks",
  {
    crawlId: integer("crawl_id").notNull(),
    period: text("period", { enum: ["week", "month"] }).notNull(),
    periodStart: text("period_start").notNull(),
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.periodStart, t.frameworkMask, t.createdFloor] })],
);

/** Creation cohorts with the library (library_name, "" = none) as a dimension, for the library filter. */
export const rollupCohortLibraries = sqliteTable(
  "rollup_cohort_libraries",
  {
    crawlId: integer("crawl_id").notNull(),
    library: text("library").notNull(),
    period: text("period", { enum: ["week", "month"] }).notNull(),
    periodStart: text("period_start").notNull(),
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    task: text("task").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.library, t.period, t.periodStart, t.frameworkMask, t.task, t.createdFloor] })],
);

/**
 * rollup_cohort_libraries with the task summed out: a library filter without a task reads ~6x
 * fewer rows (transformers on a 3M-model Hub: 16,868 -> 2,661 monthly rows, 42,627 -> 7,763 weekly).
 */
export const rollupCohortLibraryMasks = sqliteTable(
  "rollup_cohort_library_masks",
  {
    crawlId: integer("crawl_id").notNull(),
    library: text("library").notNull(),
    period: text("period", { enum: ["week", "month"] }).notNull(),
    periodStart: text("period_start").notNull(),
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.library, t.period, t.periodStart, t.frameworkMask, t.createdFloor] })],
);

/** rollup_crawls with the task summed out. */
export const rollupCrawlMasks = sqliteTable(
  "rollup_crawl_masks",
  {
    crawlId: integer("crawl_id").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    downloadsSincePrev: integer("downloads_since_prev"),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.crawlId, t.frameworkMask] })],
);

/** Per completed full crawl, per library x framework mask x task (the library filter across crawls). */
export const rollupCrawlLibraries = sqliteTable(
  "rollup_crawl_libraries",
  {
    crawlId: integer("crawl_id").notNull(),
    library: text("library").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    task: text("task").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    downloadsSincePrev: integer("downloads_since_prev"),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.library, t.crawlId, t.frameworkMask, t.task] })],
);

/** rollup_crawl_libraries with the task summed out (the library filter across crawls, no task). */
export const rollupCrawlLibraryMasks = sqliteTable(
  "rollup_crawl_library_masks",
  {
    crawlId: integer("crawl_id").notNull(),
    library: text("library").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    downloadsSincePrev: integer("downloads_since_prev"),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.library, t.crawlId, t.frameworkMask] })],
);

/**
 * Per completed full crawl, the concentration of 30-day downloads: for all models (dimension
 * "all", value ""), per task ("task", pipeline_tag or ""), per library ("library", library_name
 * or "") and per author with rows in rollup_crawl_authors at that crawl ("author", the author).
 * top_models = ceil(1% of models); top_downloads_30d = the downloads of that many most
 * downloaded models.
 */
export const rollupCrawlStats = sqliteTable(
  "rollup_crawl_stats",
  {
    crawlId: integer("crawl_id").notNull(),
    dimension: text("dimension", { enum: ["all", "task", "library", "author"] }).notNull(),
    value: text("value").notNull(),
    models: integer("models").notNull(),
    zeroDownloadModels: integer("zero_download_models").notNull(),
    topModels: integer("top_models").notNull(),
    topDownloads30d: integer("top_downloads_30d").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
  },
  (t) => [primaryKey({ columns: [t.crawlId, t.dimension, t.value] })],
);

/**
 * The most downloaded and most liked models alive now, per framework (framework id, "none" for
 * mask 0, "all" for every model): the framework pages and the models page read it instead of
 * sorting models. Replaced with the cohort rollups.
 */
export const rollupTopModels = sqliteTable(
  "rollup_top_models",
  {
    crawlId: integer("crawl_id").notNull(),
    framework: text("framework").notNull(),
    measure: text("measure", { enum: ["downloads", "likes"] }).notNull(),
    rank: integer("rank").notNull(),
    modelId: integer("model_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.framework, t.measure, t.rank] })],
);

// ---------------------------------------------------------------------------------------------
// Author rollups (lib/rollups/author-rollups.ts, written by the same pass). The author filter reads
// an author's models through models_author_nocase, which is fast for most authors but not for the
// few with thousands of models (85k for the largest of a 3M-model Hub: ~0.2 s for a cohort chart,
// ~2 s for a chart across crawls, which rebuilds each model's values from its snapshots). Authors
// above a size (AUTHOR_MIN_MODELS) get rollups; the others keep the indexed models path.
// ---------------------------------------------------------------------------------------------

/**
 * Authors with at least min(AUTHOR_MIN_MODELS) models alive now, and any other case of their
 * names (SQLite's NOCASE folds A-Z): the author search counts these from here instead of walking
 * their models in the index (85k index entries for the largest). Replaced with the cohort rollups.
 */
export const rollupAuthors = sqliteTable(
  "rollup_authors",
  {
    /** models.author, exact case (authors differing in case only are different namespaces). */
    author: text("author").primaryKey(),
    crawlId: integer("crawl_id").notNull(),
    /** Models alive now (not marked gone). */
    models: integer("models").notNull(),
  },
  (t) => [index("rollup_authors_nocase").on(sql`${t.author} COLLATE NOCASE`)],
);

/**
 * rollup_cohorts for one author by creation month (weeks are not kept with the task: an author
 * view with a task by week reads models), for the authors of rollup_author_cohort_masks: the
 * framework x task table, and an author and a task together by month or quarter.
 */
export const rollupAuthorTasks = sqliteTable(
  "rollup_author_tasks",
  {
    crawlId: integer("crawl_id").notNull(),
    author: text("author").notNull(),
    task: text("task").notNull(),
    /** First day of the creation month, YYYY-MM-DD (UTC). */
    periodStart: text("period_start").notNull(),
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.author, t.task, t.periodStart, t.frameworkMask, t.createdFloor] })],
);

/**
 * rollup_cohort_masks for one author, for authors with at least AUTHOR_MIN_MODELS.cohorts models
 * alive now (an author absent here reads models). Replaced as a whole with the cohort rollups.
 */
export const rollupAuthorCohortMasks = sqliteTable(
  "rollup_author_cohort_masks",
  {
    crawlId: integer("crawl_id").notNull(),
    author: text("author").notNull(),
    period: text("period", { enum: ["week", "month"] }).notNull(),
    periodStart: text("period_start").notNull(),
    createdFloor: integer("created_floor").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    likes: integer("likes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.author, t.period, t.periodStart, t.frameworkMask, t.createdFloor] })],
);

/**
 * rollup_crawl_masks for one author, per completed full crawl, for authors with at least
 * AUTHOR_MIN_MODELS.crawls models in that crawl. An author with rows at the latest full crawl has
 * rows at every earlier full crawl that had its models: when an author first reaches the size, its
 * earlier crawls are rebuilt from the snapshots (today's author and masks, as the models path
 * does); from then on each crawl adds its own rows.
 */
export const rollupCrawlAuthors = sqliteTable(
  "rollup_crawl_authors",
  {
    crawlId: integer("crawl_id").notNull(),
    author: text("author").notNull(),
    frameworkMask: integer("framework_mask").notNull(),
    models: integer("models").notNull(),
    downloads30d: integer("downloads_30d").notNull(),
    downloadsAllTime: integer("downloads_all_time").notNull(),
    downloadsSincePrev: integer("downloads_since_prev"),
    likes: integer("likes").notNull(),
  },
  // Crawl first: a crawl's rows are rewritten as a range; one author's series reads one range per crawl.
  (t) => [primaryKey({ columns: [t.crawlId, t.author, t.frameworkMask] })],
);

/**
 * Which version of the framework rules (lib/frameworks/rules.ts RULES_VERSION) the stored
 * classification and the rollups' framework lens were built with. One row. A start or migrate that
 * finds another version reclassifies the models and rebuilds the rollups (lib/crawl/reclassify.ts);
 * a database upgraded from before migration 0008 has no row and is rebuilt once.
 *
 * The rollup tables hold both lenses (docs/methodology.md): framework_mask bits 0-15 are the
 * frameworks, bit 16 (65536) marks a row of the framework lens; rows without it are the tag lens.
 */
export const classificationState = sqliteTable("classification_state", {
  id: integer("id").primaryKey(),
  rulesVersion: text("rules_version").notNull(),
  classifiedAt: integer("classified_at").notNull(),
});

export type Model = typeof models.$inferSelect;
export type Crawl = typeof crawls.$inferSelect;

/** Crawls whose results define "data as of" and the across-crawls series. */
export const completedFullCrawl = sql`${crawls.status} = 'completed' AND ${crawls.kind} = 'full'`;

// ---------------------------------------------------------------------------------------------
// Scheduler (lib/scheduler). The scheduler runs in its own process; these tables are how it tells
// the web process (health, the crawl monitor) what it is doing, and how the web asks it for a crawl:
// the web never crawls itself (better-sqlite3 is synchronous, docs/decisions.md).
// ---------------------------------------------------------------------------------------------

export const SCHEDULER_STATES = [
  "starting", "idle", "crawling", "waiting-for-lock", "hub-unreachable", "retry-wait", "stopping", "stopped",
] as const;
export type SchedulerState = (typeof SCHEDULER_STATES)[number];

/**
 * One row per scheduler process (host + pid), upserted on every state change and heartbeat. Two
 * schedulers on one DB each have a row; the crawl lock, not this table, keeps them from crawling
 * at once. Rows of schedulers gone for a day are deleted by the next scheduler that starts.
 */
export const schedulers = sqliteTable(
  "schedulers",
  {
    id: integer("id").primaryKey(),
    host: text("host").notNull(),
    pid: integer("pid").notNull(),
    startedAt: integer("started_at").notNull(),
    /** Last sign of life, ms. A scheduler blocked in a long rollup beats late, not never. */
    heartbeatAt: integer("heartbeat_at").notNull(),
    state: text("state", { enum: SCHEDULER_STATES }).notNull(),
    /** One line for people: what it does or waits for ("crawl #12 (full, scheduled)"). */
    detail: text("detail"),
    /** The cron patterns it runs (UTC); incremental is null when off. */
    fullSchedule: text("full_schedule"),
    incrementalSchedule: text("incremental_schedule"),
    /** The crawl it is running, if any. */
    crawlId: integer("crawl_id"),
    /** Live progress of that crawl as JSON (models, rate in models/s, ETA in ms), throttled. */
    progress: text("progress"),
    /** The last error (Hub unreachable, crawl failed), without secrets; null once a crawl completes. */
    lastError: text("last_error"),
    lastErrorAt: integer("last_error_at"),
  },
  (t) => [uniqueIndex("schedulers_host_pid").on(t.host, t.pid)],
);

export const CRAWL_REQUEST_STATUSES = ["pending", "started", "expired"] as const;

/**
 * "Crawl now" from the web: the request is a row; a running scheduler claims it within a second or
 * two and starts the crawl (or resumes the unfinished one). Requests not claimed within
 * REQUEST_TTL_MS (lib/scheduler/requests.ts) expire instead of starting a surprise crawl later.
 */
export const crawlRequests = sqliteTable("crawl_requests", {
  id: integer("id").primaryKey(),
  kind: text("kind", { enum: ["full", "incremental"] }).notNull(),
  /** "web" (the admin endpoint) or "cli". */
  source: text("source").notNull(),
  requestedAt: integer("requested_at").notNull(),
  status: text("status", { enum: CRAWL_REQUEST_STATUSES }).notNull(),
  claimedAt: integer("claimed_at"),
  /** schedulers.id of the scheduler that claimed it. */
  claimedBy: integer("claimed_by"),
  crawlId: integer("crawl_id"),
});


// ---------------------------------------------------------------------------------------------
// The in-browser runner (/try, lib/runner). The files pass records what it confirmed, so /try
// samples runnable models without asking the Hub; the page reports how each run went.
// ---------------------------------------------------------------------------------------------

export const TFJS_FORMATS = ["layers-model", "graph-model", "unknown"] as const;

/**
 * TF.js models confirmed by the files pass (lib/crawl/files-pass.ts), one row per model repo: its
 * first confirmed model.json folder. Written in the same transaction as the model's files check;
 * deleted when a later check finds no TF.js (an unreadable model.json leaves the row as it was).
 */
export const tfjsModels = sqliteTable("tfjs_models", {
  /** models.id */
  modelId: integer("model_id").primaryKey(),
  /** Repo path of model.json ("model.json", "web_model/model.json"). */
  modelJsonPath: text("model_json_path").notNull(),
  format: text("format", { enum: TFJS_FORMATS }).notNull(),
  /** Weight bytes the manifest declares (quantized dtypes counted as stored); null = unknown (string tensors). */
  weightBytes: integer("weight_bytes"),
  /** Shard files of the manifest. */
  shards: integer("shards").notNull(),
  /** The commit checked (the browser loads this revision: what was checked is what runs); null = unknown. */
  revision: text("revision"),
  /** Input signature from model.json as JSON [{name, shape, dtype}]; null when model.json does not say. */
  inputs: text("inputs"),
  /** A file beside model.json (or at the root) that may hold class names; null = none. */
  labelsPath: text("labels_path"),
  /** Confirmed TF.js model folders in the repo (the row describes the first). */
  dirs: integer("dirs").notNull().default(1),
  /** When the files pass confirmed it, epoch s. */
  checkedAt: integer("checked_at").notNull(),
});

/** A model's format as runs record it: the TF.js formats, or an ONNX graph. */
export const MODEL_FORMATS = [...TFJS_FORMATS, "onnx"] as const;

export const ONNX_STATUSES = ["runnable", "no-onnx", "not-found"] as const;
export const INPUT_KINDS = ["image", "text", "tensor"] as const;
export const SIGNATURE_STATUSES = ["read", "too-large", "unreadable"] as const;

/**
 * The ONNX files pass (lib/crawl/onnx-files-pass.ts): one row per ONNX candidate checked (tagged
 * onnx or transformers.js), written in the same transaction as the check, so the pass is
 * incremental and resumable (a candidate is due again only when its repo changed after the row's
 * check). "runnable" rows are what /try samples beside tfjs_models.
 */
export const onnxModels = sqliteTable("onnx_models", {
  /** models.id */
  modelId: integer("model_id").primaryKey(),
  /** runnable: a .onnx graph loadable from one URL; no-onnx: none (or only external-data graphs); not-found: the repo is gone or private. */
  status: text("status", { enum: ONNX_STATUSES }).notNull(),
  /** The .onnx file the runner loads (onnx/model.onnx when the repo has the transformers.js layout). */
  onnxPath: text("onnx_path"),
  /** Every .onnx file of the repo with its size, as JSON [{path, size}]. */
  onnxFiles: text("onnx_files"),
  /** Bytes of onnxPath (what the browser downloads and the size limit applies to). */
  weightBytes: integer("weight_bytes"),
  /** The commit checked; null = unknown. */
  revision: text("revision"),
  tokenizerPath: text("tokenizer_path"),
  tokenizerConfigPath: text("tokenizer_config_path"),
  configPath: text("config_path"),
  preprocessorPath: text("preprocessor_path"),
  /** What the model takes: from the graph's signature when read, else from the side files. */
  inputKind: text("input_kind", { enum: INPUT_KINDS }),
  /** The graph's inputs as JSON [{name, shape, dtype}] when its signature was read. */
  inputs: text("inputs"),
  /** read; too-large (above the runner's size limit: not downloaded); unreadable (not protobuf); null = not tried. */
  signature: text("signature", { enum: SIGNATURE_STATUSES }),
  /** When the pass checked it, epoch s. */
  checkedAt: integer("checked_at").notNull(),
});

/**
 * One row per run of a model in a visitor's browser, as the page reported it. No personal data:
 * no address, no user agent, no input; the model, where it ran and how it went.
 */
export const runnerResults = sqliteTable(
  "runner_results",
  {
    id: integer("id").primaryKey(),
    /** Epoch s. */
    createdAt: integer("created_at").notNull(),
    repoId: text("repo_id").notNull(),
    /** models.id when the model is in the database. */
    modelId: integer("model_id"),
    /** layers-model / graph-model / unknown (TensorFlow.js) or onnx (ONNX Runtime Web): the runtime follows from it. */
    format: text("format", { enum: MODEL_FORMATS }).notNull(),
    /** pipeline_tag from the database, "" when none or unknown. */
    task: text("task").notNull(),
    /** The backend the run used (tf.getBackend(), or ONNX Runtime's execution provider): wasm, webgl, cpu, webgpu. */
    backend: text("backend").notNull(),
    /** "ok" or the error class (lib/runner/errors.ts). */
    outcome: text("outcome").notNull(),
    /** Download + load, first prediction, mean warm prediction, ms. */
    loadMs: real("load_ms"),
    firstMs: real("first_ms"),
    warmMs: real("warm_ms"),
    weightBytes: integer("weight_bytes"),
  },
  (t) => [index("runner_results_created").on(t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Substring search (migration 0006 also creates the FTS5 table `model_search`, which drizzle does
// not model): filled when a crawl completes by lib/crawl/search-index.ts.
// ---------------------------------------------------------------------------------------------

/**
 * The FTS rowid -> model: `model_search`'s rowid is a model's rank by 30-day downloads when the
 * index was built (1 = most downloaded), so a search reads its best hits first and stops early.
 */
export const modelSearchRanks = sqliteTable("model_search_ranks", {
  rank: integer("rank").primaryKey(),
  /** models.id */
  modelId: integer("model_id").notNull(),
});

/** One row once the search index exists; until then search takes the prefix path. */
export const modelSearchState = sqliteTable("model_search_state", {
  id: integer("id").primaryKey(),
  /** The completed crawl the index was built after. */
  crawlId: integer("crawl_id").notNull(),
  /** Epoch ms. */
  builtAt: integer("built_at").notNull(),
  /** Models indexed. */
  models: integer("models").notNull(),
});

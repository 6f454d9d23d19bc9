/**
 * Every rollup from one scan of `models`. The rollups were seven GROUP BY scans (two per cohort
 * period, each computing dates in SQL, plus the per-crawl ones); at 1M models they took ~11 s of a
 * first crawl's ~80 s of CPU. Here each model is read once and added to small in-memory
 * accumulators keyed by interned integers; the tables are then rewritten from them. The periods
 * are computed as the SQL in rollups.ts defines them (COHORT_TIME_SQL, WEEK_SQL, MONTH_SQL),
 * and tests check the tables against those SQL recounts. The author rollups ride on the same scan
 * (lib/rollups/author-rollups.ts).
 */
import type { Sqlite } from "../../db/index";
import { FRAMEWORKS } from "../frameworks/config";
import { FRAMEWORK_BASIS_BIT, FRAMEWORK_LENS, topModelsKey } from "../frameworks/lenses";
import { attributeMask } from "../frameworks/rules";
import { AUTHOR_MIN_MODELS, AuthorRollups, type AuthorMinModels } from "./author-rollups";
import { concentrationOfHistogram, extraOf, Interner, key, maskOf, tally, taskOf, type Histogram } from "./rollup-acc";
import { SumTable } from "./sum-table";

export { concentration, concentrationOfHistogram, type Histogram } from "./rollup-acc";

/** How many top models per framework and measure rollup_top_models keeps. */
export const TOP_MODELS_KEPT = 50;

const BITS = FRAMEWORKS.map((f) => ({ id: f.id, bit: 2 ** f.bit }));
const FW_BITS = FRAMEWORK_LENS.map((f) => ({ id: f.id, bit: f.bit }));
/** rollup_top_models.framework values, in the order of RollupAccumulator.tops: the tag lens, then the framework lens. */
const TOP_KEYS = [
  "all", "none", ...BITS.map((b) => b.id),
  topModelsKey("framework", "none"), ...FW_BITS.map((b) => topModelsKey("framework", b.id)),
];
const FW_TOP0 = 2 + BITS.length;

/** Sources whose true creation date replaces the API's createdAt (see COHORT_TIME_SQL). */
const TRUE_DATE_SOURCES = new Set(["initial-commit", "oldest-commit"]);

/** A model's cohort time (epoch s) and floor flag: COHORT_TIME_SQL and COHORT_FLOOR_SQL in JS. */
function cohortOf(createdAt: number, isFloor: number, trueAt: number | null, source: string | null): [number, 0 | 1] {
  const trueDate = source !== null && TRUE_DATE_SOURCES.has(source);
  return [trueDate && trueAt !== null ? trueAt : createdAt, isFloor && !trueDate ? 1 : 0];
}

export interface RollupPass {
  /** Rewrite the cohort rollups (models alive now) and the top models, stamped with this crawl. */
  cohortsCrawlId: number | null;
  /** Rewrite the per-crawl rollups of this completed full crawl (models it saw). */
  crawl: { id: number; prevFullCrawlId: number | null } | null;
  /** Which authors get author rollups (default AUTHOR_MIN_MODELS; tests lower it). */
  authorMinModels?: AuthorMinModels;
}

const DAY_S = 86_400;

/** Monday of the UTC week holding `day` (days since the epoch), as SQLite's 'weekday 0', '-6 days'. */
function mondayOf(day: number): number {
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return day - ((dow + 6) % 7);
}

function isoDay(day: number): string {
  return new Date(day * DAY_S * 1000).toISOString().slice(0, 10);
}

type TopEntry = { id: number; v: number };

/** Keeps the `k` largest entries, ordered by value descending then id ascending. */
function pushTop(list: TopEntry[], id: number, v: number, k: number): void {
  if (list.length === k) {
    const last = list[k - 1];
    if (v < last.v || (v === last.v && id > last.id)) return;
  }
  let i = list.length;
  while (i > 0 && (list[i - 1].v < v || (list[i - 1].v === v && list[i - 1].id > id))) i--;
  list.splice(i, 0, { id, v });
  if (list.length > k) list.pop();
}


/** What one scan found, ready to be written (writeRollups) in the caller's transaction. */
export interface ComputedRollups {
  write(sqlite: Sqlite): void;
}

/** Scans and writes, inside the caller's transaction (or its own). */
export function runRollupPass(sqlite: Sqlite, pass: RollupPass): void {
  computeRollups(sqlite, pass).write(sqlite);
}

/**
 * The accumulators of one pass: models are added one at a time (from the scan, or by the page
 * writer as it inserts the rows of a first load), then written. Only data fields, so that a
 * structured clone (postMessage from the writer thread) carries it whole: fromClone restores it.
 */
export class RollupAccumulator {
  readonly tasks = new Interner();
  readonly libraries = new Interner();
  readonly periods = new Interner(); // week and month starts share one table of strings
  /** Per day (since the epoch): [week id, month id] in `periods`. */
  readonly dayPeriods = new Map<number, [number, number]>();
  // Cohorts, per library: key(mask, task, period * 2 + floor). Per-crawl, per library: key(mask, task, 0).
  readonly cohortWeek: SumTable[] = [];
  readonly cohortMonth: SumTable[] = [];
  readonly crawlLib: SumTable[] = [];
  // Download values per concentration group: all, per task, per library.
  readonly allDownloads: Histogram = new Map();
  readonly taskDownloads: Histogram[] = [];
  readonly libDownloads: Histogram[] = [];
  readonly tops = TOP_KEYS.map(() => ({ downloads: [] as TopEntry[], likes: [] as TopEntry[] }));
  readonly authors = new AuthorRollups();
  /** lib * 65536 + tag mask -> framework-lens mask (lib/frameworks/rules.ts). */
  readonly attrCache = new Map<number, number>();
  models = 0;

  /** A clone received from another thread, with its methods back. */
  static fromClone(clone: RollupAccumulator): RollupAccumulator {
    const acc = Object.assign(Object.create(RollupAccumulator.prototype) as RollupAccumulator, clone);
    for (const k of ["tasks", "libraries", "periods"] as const) Object.setPrototypeOf(acc[k], Interner.prototype);
    for (const perLib of [acc.cohortWeek, acc.cohortMonth, acc.crawlLib]) perLib.forEach(SumTable.restore);
    AuthorRollups.restore(acc.authors);
    return acc;
  }

  /** The buffers of all its sum tables (see SumTable.buffers). */
  buffers(): ArrayBuffer[] {
    const tables = [...this.cohortWeek, ...this.cohortMonth, ...this.crawlLib].filter(Boolean);
    return [...tables, ...this.authors.tables()].flatMap((t) => t.buffers());
  }

  /**
   * One model. `cohortTime` (epoch s) and `floor` as COHORT_TIME_SQL / COHORT_FLOOR_SQL define them;
   * `alive`: counted in the cohorts; `inCrawl`: counted in the crawl's rollups, with `prevAllTime`
   * its downloadsAllTime at the previous full crawl (null when there is none).
   */
  add(
    id: number, cohortTime: number, floor: 0 | 1, mask: number, pipelineTag: string | null, library: string | null,
    d: number, all: number, likes: number, alive: boolean, inCrawl: boolean, prevAllTime: number | null, author: string | null,
  ): void {
    if (!(mask >= 0 && mask < 65_536)) throw new Error(`framework_mask ${mask} of model ${id} does not fit the rollup keys (16 bits)`);
    this.models++;
    const task = this.tasks.id(pipelineTag ?? "");
    const lib = this.libraries.id(library ?? "");
    const a = this.authors.count(id, author, alive, inCrawl);
    // The framework lens of (mask, library), cached per interned library: one Map lookup per model.
    const ck = lib * 65_536 + mask;
    let fw = this.attrCache.get(ck);
    if (fw === undefined) this.attrCache.set(ck, (fw = attributeMask(mask, library)));
    // Author rollups hold both lenses (no library key to derive the framework lens from later).
    const fb = fw | FRAMEWORK_BASIS_BIT;
    if (alive) {
      const [week, month] = this.periodsOf(cohortTime);
      const wk = key(mask, task, week * 2 + floor);
      const mk = key(mask, task, month * 2 + floor);
      (this.cohortWeek[lib] ??= new SumTable()).add(wk, d, all, likes, 0);
      (this.cohortMonth[lib] ??= new SumTable()).add(mk, d, all, likes, 0);
      this.authors.addCohort(a, wk, mk, d, all, likes);
      this.addTop(0, id, d, likes);
      if (mask === 0) this.addTop(1, id, d, likes);
      else for (let b = 0; b < BITS.length; b++) if ((mask & BITS[b].bit) !== 0) this.addTop(b + 2, id, d, likes);
      this.authors.addCohort(a, key(fb, task, week * 2 + floor), key(fb, task, month * 2 + floor), d, all, likes);
      if (fw === 0) this.addTop(FW_TOP0, id, d, likes);
      else for (let b = 0; b < FW_BITS.length; b++) if ((fw & FW_BITS[b].bit) !== 0) this.addTop(FW_TOP0 + 1 + b, id, d, likes);
    }
    if (inCrawl) {
      const since = prevAllTime === null ? 0 : Math.max(0, all - prevAllTime);
      (this.crawlLib[lib] ??= new SumTable()).add(key(mask, task, 0), d, all, likes, since);
      this.authors.addCrawl(a, mask, d, all, likes, since);
      this.authors.addCrawlLens(a, fb, d, all, likes, since);
      tally(this.allDownloads, d);
      tally((this.taskDownloads[task] ??= new Map()), d);
      tally((this.libDownloads[lib] ??= new Map()), d);
    }
  }

  /** One model of an author read after the scan (it turned out large): the author rollups only. */
  addToAuthor(
    author: string, cohortTime: number, floor: 0 | 1, mask: number, pipelineTag: string | null, library: string | null,
    d: number, all: number, likes: number, alive: boolean, inCrawl: boolean, prevAllTime: number | null,
  ): void {
    const a = this.authors.names.id(author);
    const task = this.tasks.id(pipelineTag ?? "");
    // The framework lens through the cache add() fills: a first load reads ~570k models here at 3.1M.
    const ck = this.libraries.id(library ?? "") * 65_536 + mask;
    let fw = this.attrCache.get(ck);
    if (fw === undefined) this.attrCache.set(ck, (fw = attributeMask(mask, library)));
    const fb = fw | FRAMEWORK_BASIS_BIT;
    if (alive) {
      const [week, month] = this.periodsOf(cohortTime);
      this.authors.addCohort(a, key(mask, task, week * 2 + floor), key(mask, task, month * 2 + floor), d, all, likes);
      this.authors.addCohort(a, key(fb, task, week * 2 + floor), key(fb, task, month * 2 + floor), d, all, likes);
    }
    if (inCrawl) {
      const since = prevAllTime === null ? 0 : Math.max(0, all - prevAllTime);
      this.authors.addCrawl(a, mask, d, all, likes, since);
      this.authors.addCrawlLens(a, fb, d, all, likes, since);
    }
  }

  /**
   * The reads write() would make first (the part of large authors the accumulation did not see,
   * through the author index); callable earlier, outside the writing transaction.
   */
  catchUp(db: Sqlite, pass: RollupPass): void {
    this.authors.catchUp(pass, pass.authorMinModels ?? AUTHOR_MIN_MODELS, (author, before) => readAuthor(db, this, pass, author, before));
  }

  /** Writes the tables `pass` names (the accumulator must have been fed for that pass). */
  write(db: Sqlite, pass: RollupPass): void {
    // The framework lens's rows, derived from the tag lens's (rules read the tag mask and library only).
    for (const perLib of [this.cohortWeek, this.cohortMonth, this.crawlLib]) addFrameworkBasis(perLib, this.libraries);
    if (pass.cohortsCrawlId !== null) {
      writeCohorts(db, pass.cohortsCrawlId, this);
      writeTops(db, pass.cohortsCrawlId, TOP_KEYS, this.tops);
    }
    if (pass.crawl) writeCrawl(db, pass.crawl.id, pass.crawl.prevFullCrawlId !== null, this);
    this.authors.write(db, pass, pass.authorMinModels ?? AUTHOR_MIN_MODELS, this, (author, before) => readAuthor(db, this, pass, author, before));
  }

  private periodsOf(t: number): [number, number] {
    const day = Math.floor(t / DAY_S);
    let p = this.dayPeriods.get(day);
    if (!p) {
      p = [this.periods.id(isoDay(mondayOf(day))), this.periods.id(`${isoDay(day).slice(0, 7)}-01`)];
      this.dayPeriods.set(day, p);
    }
    return p;
  }

  private addTop(slot: number, id: number, d: number, l: number): void {
    pushTop(this.tops[slot].downloads, id, d, TOP_MODELS_KEPT);
    pushTop(this.tops[slot].likes, id, l, TOP_MODELS_KEPT);
  }
}

/**
 * Adds to each library's accumulator the framework lens's rows (mask = attributed mask | bit 16)
 * summed from its tag-lens rows. Idempotent: rows already of the framework lens are skipped, and
 * existing framework rows are recomputed from scratch.
 */
export function addFrameworkBasis(perLib: SumTable[], libraries: Interner): void {
  perLib.forEach((t, lib) => {
    const name = libraries.values[lib] || null;
    t.retain((k) => maskOf(k) < FRAMEWORK_BASIS_BIT);
    const tagRows = t.size;
    for (let r = 0; r < tagRows; r++) {
      const k = t.keys[r];
      t.addRow(key(attributeMask(maskOf(k), name) | FRAMEWORK_BASIS_BIT, taskOf(k), extraOf(k)), t, r);
    }
  });
}

/**
 * The scan alone: it only reads, so it can run while another connection writes (the index builds
 * after a first load), and the result is written later in the crawl's completing transaction.
 * The caller must make sure `models` does not change in between.
 */
export function computeRollups(sqlite: Sqlite, pass: RollupPass): ComputedRollups {
  const cohorts = pass.cohortsCrawlId !== null;
  const crawl = pass.crawl;
  const acc = new RollupAccumulator();
  if (!cohorts && !crawl) return { write: () => {} };
  acc.authors.loadHint(sqlite, pass, pass.authorMinModels ?? AUTHOR_MIN_MODELS);
  for (const [id, createdAt, isFloor, trueAt, source, mask, pipelineTag, library, d, all, likes, alive, inCrawl, prev, author] of selectModels(sqlite, pass, null)) {
    const [cohortTime, floor] = cohortOf(createdAt, isFloor, trueAt, source);
    acc.add(
      id, cohortTime, floor, mask, pipelineTag, library,
      d, all, likes, cohorts && alive === 1, crawl !== null && inCrawl === 1, prev, author,
    );
  }
  return { write: (db: Sqlite) => acc.write(db, pass) };
}

type ModelRow = [
  number, number, number, number | null, string | null, number, string | null, string | null, number, number, number,
  number, number, number | null, string | null,
];

/**
 * The models a pass reads (alive now, or in the crawl) in id order (the author rollups rely on it),
 * or one author's with an id below `before` (through its index).
 */
function selectModels(sqlite: Sqlite, pass: RollupPass, author: string | null, before = 0): IterableIterator<ModelRow> {
  const crawl = pass.crawl;
  const withPrev = crawl !== null && crawl.prevFullCrawlId !== null;
  // Each model's downloadsAllTime as of the previous full crawl, from its change-only snapshots.
  const prevAllTime = withPrev
    ? `CASE WHEN m.last_seen_crawl = @crawl THEN COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
         WHERE s.model_id = m.id AND s.crawl_id <= @prev ORDER BY s.crawl_id DESC LIMIT 1), 0) END`
    : "NULL";
  const where = [pass.cohortsCrawlId !== null ? "m.gone_since_crawl IS NULL" : null, crawl ? "m.last_seen_crawl = @crawl" : null].filter(Boolean).join(" OR ");
  return sqlite
    .prepare(
      `SELECT m.id, m.created_at, m.created_at_is_floor, m.true_created_at, m.true_created_source, m.framework_mask,
         m.pipeline_tag, m.library_name, m.downloads_30d, m.downloads_all_time, m.likes,
         m.gone_since_crawl IS NULL, m.last_seen_crawl = @crawl, ${prevAllTime}, m.author
       FROM models m WHERE (${where})
       ${author === null ? "ORDER BY m.id" : "AND m.author = @author COLLATE NOCASE AND m.author = @author AND m.id < @before"}`,
    )
    .raw()
    .iterate({ crawl: crawl?.id ?? -1, ...(withPrev ? { prev: crawl!.prevFullCrawlId } : {}), ...(author === null ? {} : { author, before }) }) as IterableIterator<ModelRow>;
}

/** Feeds models of one author to its author rollups only: the part of a large author the scan did not accumulate. */
function readAuthor(sqlite: Sqlite, acc: RollupAccumulator, pass: RollupPass, author: string, before: { cohort: number | null; crawl: number | null }): void {
  // Row by row (an author can have tens of thousands of models): addToAuthor makes no query.
  const rows = selectModels(sqlite, pass, author, Math.max(before.cohort ?? 0, before.crawl ?? 0));
  for (const [id, createdAt, isFloor, trueAt, source, mask, pipelineTag, library, d, all, likes, alive, inCrawl, prev] of rows) {
    const [cohortTime, floor] = cohortOf(createdAt, isFloor, trueAt, source);
    acc.addToAuthor(
      author, cohortTime, floor, mask, pipelineTag, library,
      d, all, likes, pass.cohortsCrawlId !== null && alive === 1 && before.cohort !== null && id < before.cohort,
      pass.crawl !== null && inCrawl === 1 && before.crawl !== null && id < before.crawl, prev,
    );
  }
}

interface Names {
  tasks: Interner;
  libraries: Interner;
}

function writeCohorts(
  sqlite: Sqlite,
  crawlId: number,
  a: Names & { cohortWeek: SumTable[]; cohortMonth: SumTable[]; periods: Interner },
): void {
  for (const t of ["rollup_cohorts", "rollup_cohort_libraries", "rollup_cohort_library_masks", "rollup_cohort_masks"]) sqlite.prepare(`DELETE FROM ${t}`).run();
  const insertLib = sqlite.prepare(
    `INSERT INTO rollup_cohort_libraries (crawl_id, library, period, period_start, created_floor, framework_mask,
       task, models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCohort = sqlite.prepare(
    `INSERT INTO rollup_cohorts (crawl_id, period, period_start, created_floor, framework_mask, task,
       models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMask = sqlite.prepare(
    `INSERT INTO rollup_cohort_masks (crawl_id, period, period_start, created_floor, framework_mask,
       models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLibMask = sqlite.prepare(
    `INSERT INTO rollup_cohort_library_masks (crawl_id, library, period, period_start, created_floor, framework_mask,
       models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [period, perLib] of [["week", a.cohortWeek], ["month", a.cohortMonth]] as const) {
    const cohort = new SumTable(); // libraries summed out
    const masks = new SumTable(); // and tasks
    perLib.forEach((t, lib) => {
      const libMasks = new SumTable(); // tasks summed out
      for (let r = 0; r < t.size; r++) {
        const k = t.keys[r];
        const pf = extraOf(k);
        const ps = a.periods.values[pf >> 1];
        insertLib.run(crawlId, a.libraries.values[lib], period, ps, pf & 1, maskOf(k), a.tasks.values[taskOf(k)], ...t.four(r));
        cohort.addRow(k, t, r);
        masks.addRow(key(maskOf(k), 0, pf), t, r);
        libMasks.addRow(key(maskOf(k), 0, pf), t, r);
      }
      for (let r = 0; r < libMasks.size; r++) {
        const pf = extraOf(libMasks.keys[r]);
        insertLibMask.run(crawlId, a.libraries.values[lib], period, a.periods.values[pf >> 1], pf & 1, maskOf(libMasks.keys[r]), ...libMasks.four(r));
      }
    });
    for (let r = 0; r < cohort.size; r++) {
      const k = cohort.keys[r];
      const pf = extraOf(k);
      insertCohort.run(crawlId, period, a.periods.values[pf >> 1], pf & 1, maskOf(k), a.tasks.values[taskOf(k)], ...cohort.four(r));
    }
    for (let r = 0; r < masks.size; r++) {
      const pf = extraOf(masks.keys[r]);
      insertMask.run(crawlId, period, a.periods.values[pf >> 1], pf & 1, maskOf(masks.keys[r]), ...masks.four(r));
    }
  }
}

function writeTops(sqlite: Sqlite, crawlId: number, keys: string[], tops: { downloads: TopEntry[]; likes: TopEntry[] }[]): void {
  sqlite.prepare("DELETE FROM rollup_top_models").run();
  const insert = sqlite.prepare("INSERT INTO rollup_top_models (crawl_id, framework, measure, rank, model_id) VALUES (?, ?, ?, ?, ?)");
  keys.forEach((k, slot) => {
    tops[slot].downloads.forEach((e, i) => insert.run(crawlId, k, "downloads", i + 1, e.id));
    tops[slot].likes.forEach((e, i) => insert.run(crawlId, k, "likes", i + 1, e.id));
  });
}

function writeCrawl(
  sqlite: Sqlite,
  crawlId: number,
  withPrev: boolean,
  a: Names & { crawlLib: SumTable[]; allDownloads: Histogram; taskDownloads: Histogram[]; libDownloads: Histogram[] },
): void {
  for (const t of ["rollup_crawls", "rollup_crawl_libraries", "rollup_crawl_library_masks", "rollup_crawl_masks", "rollup_crawl_stats"]) {
    sqlite.prepare(`DELETE FROM ${t} WHERE crawl_id = ?`).run(crawlId);
  }
  const row = (t: SumTable, r: number) => t.crawlColumns(r, withPrev);
  const insertLib = sqlite.prepare(
    `INSERT INTO rollup_crawl_libraries (crawl_id, library, framework_mask, task, models, downloads_30d,
       downloads_all_time, downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLibMask = sqlite.prepare(
    `INSERT INTO rollup_crawl_library_masks (crawl_id, library, framework_mask, models, downloads_30d,
       downloads_all_time, downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const crawls = new SumTable();
  const masks = new SumTable();
  a.crawlLib.forEach((t, lib) => {
    const libMasks = new SumTable(); // tasks summed out
    for (let r = 0; r < t.size; r++) {
      const k = t.keys[r];
      insertLib.run(crawlId, a.libraries.values[lib], maskOf(k), a.tasks.values[taskOf(k)], ...row(t, r));
      crawls.addRow(k, t, r);
      masks.addRow(key(maskOf(k), 0, 0), t, r);
      libMasks.addRow(key(maskOf(k), 0, 0), t, r);
    }
    for (let r = 0; r < libMasks.size; r++) insertLibMask.run(crawlId, a.libraries.values[lib], maskOf(libMasks.keys[r]), ...row(libMasks, r));
  });
  const insertCrawl = sqlite.prepare(
    `INSERT INTO rollup_crawls (crawl_id, framework_mask, task, models, downloads_30d, downloads_all_time,
       downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let r = 0; r < crawls.size; r++) insertCrawl.run(crawlId, maskOf(crawls.keys[r]), a.tasks.values[taskOf(crawls.keys[r])], ...row(crawls, r));
  const insertMask = sqlite.prepare(
    `INSERT INTO rollup_crawl_masks (crawl_id, framework_mask, models, downloads_30d, downloads_all_time,
       downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let r = 0; r < masks.size; r++) insertMask.run(crawlId, maskOf(masks.keys[r]), ...row(masks, r));

  const insertStats = sqlite.prepare(
    `INSERT INTO rollup_crawl_stats (crawl_id, dimension, value, models, zero_download_models, top_models,
       top_downloads_30d, downloads_30d) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stats = (dimension: string, value: string, h: Histogram) => {
    const s = concentrationOfHistogram(h);
    insertStats.run(crawlId, dimension, value, s.models, s.zero, s.topModels, s.topDownloads, s.total);
  };
  if (a.allDownloads.size > 0) stats("all", "", a.allDownloads);
  a.taskDownloads.forEach((values, task) => stats("task", a.tasks.values[task], values));
  a.libDownloads.forEach((values, lib) => stats("library", a.libraries.values[lib], values));
}

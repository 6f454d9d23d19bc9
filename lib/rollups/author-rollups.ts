/**
 * The author rollups (db/schema.ts: rollup_authors, rollup_author_tasks, rollup_author_cohort_masks,
 * rollup_crawl_authors, and the "author" rows of rollup_crawl_stats), filled by the rollup pass's
 * one scan of models (lib/rollups/rollup-pass.ts).
 *
 * Which authors are large is only known at the end of the scan, and accumulators for every author
 * would cost tens of MB. So the scan counts every author's models, and accumulates figures for the
 * authors that were large at the previous pass (read from the rollups before the scan) and for
 * those that reach the size during the scan, from the model that reaches it; after the scan the
 * models before that one are read through models_author_nocase (the index is built while a first
 * load's scan runs, so reads wait for the write step). Measured on 2.8M models: the steady pass
 * writes ~180k author rows (+0.5 s, +12 MB peak RSS); a first crawl reads ~570k models afterwards
 * (+3 s).
 *
 * An author that gets per-crawl rows for the first time also gets its earlier full crawls rebuilt
 * from the snapshots (lib/rollups/author-history.ts), so that an author with rows at the latest full
 * crawl has rows at every full crawl that listed its models. On the first pass after the upgrade
 * that adds these tables this is every large author: ~25-60 s once on 2.8M models x 30 crawls.
 */
import type { Sqlite } from "../../db/index";
import { authorCrawlHistory } from "./author-history";
import { attributeSql } from "../frameworks/rules";
import { FRAMEWORK_BASIS_BIT } from "../frameworks/lenses";
import { concentrationOfHistogram, extraOf, Interner, key, maskOf, tally, taskOf, type Histogram } from "./rollup-acc";
import { SumTable } from "./sum-table";

/**
 * How many models make an author large. Measured on a 3M-model, 30-crawl database (2 cores): the
 * models path costs ~4 us per model for a cohort chart (2,000 models: ~8 ms) and ~20 us per model
 * for a chart across crawls, which reads every snapshot of every model (500 models: ~10 ms); the
 * target is 20 ms a query. 970 authors have 500+ models there (19k per-crawl rows a crawl) and 42
 * have 2,000+ (~290k cohort rows).
 */
export const AUTHOR_MIN_MODELS: AuthorMinModels = { crawls: 500, cohorts: 2_000 };

export interface AuthorMinModels {
  /** Models in a full crawl for per-crawl rows (rollup_crawl_authors, author concentration). */
  crawls: number;
  /** Models alive now for cohort rows (rollup_author_cohort_masks, rollup_author_tasks). */
  cohorts: number;
}

interface CohortAcc {
  /** key(mask, 0, week * 2 + floor): weeks are kept without the task (rollup_author_tasks is monthly). */
  week: SumTable;
  /** key(mask, task, month * 2 + floor) */
  month: SumTable;
}

interface CrawlAcc {
  /** Keyed by the framework mask. */
  masks: SumTable;
  downloads: Histogram;
}

export type AuthorPass = { cohortsCrawlId: number | null; crawl: { id: number; prevFullCrawlId: number | null } | null };

/**
 * Reads one author's models (alive now or in the crawl) with an id below the bound of each part
 * (null: that part is not read) into addCohort / addCrawl.
 */
export type ReadAuthor = (author: string, before: { cohort: number | null; crawl: number | null }) => void;

const ALL = Number.MAX_SAFE_INTEGER;

/**
 * Part of the pass's accumulator (RollupAccumulator): data fields only, so that it survives a
 * structured clone (fromClone restores the prototypes).
 */
export class AuthorRollups {
  readonly names = new Interner();
  /** Per author id: models alive now, models in the crawl. */
  readonly alive: number[] = [];
  readonly listed: number[] = [];
  /**
   * Accumulators of the authors expected to be large (hint), of those that reached the size during
   * the scan (from the model that reached it: `cohortFrom` / `crawlFrom`, the models before it are
   * read afterwards, ~size rows each), and of those found large only after the scan.
   */
  readonly cohortAcc: (CohortAcc | undefined)[] = [];
  readonly crawlAcc: (CrawlAcc | undefined)[] = [];
  readonly cohortFrom: (number | undefined)[] = [];
  readonly crawlFrom: (number | undefined)[] = [];
  min: AuthorMinModels = AUTHOR_MIN_MODELS;
  /** Models come in id order (the scan's ORDER BY; a first load's ids grow): "before id X" is a range. */
  lastId = -1;
  ordered = true;

  static restore(clone: AuthorRollups): AuthorRollups {
    const a = Object.setPrototypeOf(clone, AuthorRollups.prototype) as AuthorRollups;
    Object.setPrototypeOf(a.names, Interner.prototype);
    for (const c of a.cohortAcc) if (c) [c.week, c.month].forEach(SumTable.restore);
    for (const c of a.crawlAcc) if (c) SumTable.restore(c.masks);
    return a;
  }

  /** Its sum tables (RollupAccumulator.buffers). */
  tables(): SumTable[] {
    return [...this.cohortAcc.flatMap((c) => (c ? [c.week, c.month] : [])), ...this.crawlAcc.flatMap((c) => (c ? [c.masks] : []))];
  }

  /**
   * Before a scan: the authors that were large at the previous pass get accumulators, so the scan
   * fills theirs (most authors stay large). Without it (a first load) all are read after the scan.
   */
  loadHint(sqlite: Sqlite, pass: AuthorPass, min: AuthorMinModels): void {
    this.min = min;
    const large = sqlite.prepare("SELECT author FROM rollup_authors WHERE models >= ?").pluck();
    if (pass.cohortsCrawlId !== null) {
      for (const a of large.all(min.cohorts) as string[]) this.cohortAcc[this.names.id(a)] = { week: new SumTable(), month: new SumTable() };
    }
    if (pass.crawl) {
      for (const a of [...(large.all(min.crawls) as string[]), ...authorsWithRows(sqlite, pass.crawl.prevFullCrawlId)]) {
        this.crawlAcc[this.names.id(a)] ??= { masks: new SumTable(), downloads: new Map() };
      }
    }
  }

  /** Counts one model of the pass; returns the author's id (-1 for none) for addCohort / addCrawl. */
  count(id: number, author: string | null, alive: boolean, inCrawl: boolean): number {
    if (id <= this.lastId) this.ordered = false;
    this.lastId = id;
    if (author == null) return -1; // undefined too: a feeder that does not pass authors counts none
    const a = this.names.id(author);
    if (alive && (this.alive[a] = (this.alive[a] ?? 0) + 1) === this.min.cohorts && !this.cohortAcc[a]) {
      this.cohortAcc[a] = { week: new SumTable(), month: new SumTable() };
      this.cohortFrom[a] = id;
    }
    if (inCrawl && (this.listed[a] = (this.listed[a] ?? 0) + 1) === this.min.crawls && !this.crawlAcc[a]) {
      this.crawlAcc[a] = { masks: new SumTable(), downloads: new Map() };
      this.crawlFrom[a] = id;
    }
    return a;
  }

  /** A model alive now; keys as in rollup-pass (mask, task, period * 2 + floor). */
  addCohort(a: number, weekKey: number, monthKey: number, d: number, all: number, likes: number): void {
    const acc = a >= 0 ? this.cohortAcc[a] : undefined;
    if (!acc) return;
    acc.week.add(weekKey - taskOf(weekKey), d, all, likes, 0);
    acc.month.add(monthKey, d, all, likes, 0);
  }

  /** The framework lens's row of a model the crawl listed (mask with the lens bit; its downloads are tallied once, by addCrawl). */
  addCrawlLens(a: number, lensMask: number, d: number, all: number, likes: number, since: number): void {
    const acc = a >= 0 ? this.crawlAcc[a] : undefined;
    if (acc) acc.masks.add(lensMask, d, all, likes, since);
  }

  /** A model the crawl listed. */
  addCrawl(a: number, mask: number, d: number, all: number, likes: number, since: number): void {
    const acc = a >= 0 ? this.crawlAcc[a] : undefined;
    if (!acc) return;
    acc.masks.add(mask, d, all, likes, since);
    tally(acc.downloads, d);
  }

  /**
   * Reads what the scan did not accumulate of the large authors (through `read`), then writes the
   * author tables of the pass. Runs after the scan, in the completing transaction (on a first load
   * the author index exists by then).
   */
  write(sqlite: Sqlite, pass: AuthorPass, min: AuthorMinModels, names: { tasks: Interner; periods: Interner }, read: ReadAuthor): void {
    const { cohortBig, crawlBig } = this.catchUp(pass, min, read);
    if (pass.cohortsCrawlId !== null) this.writeCohorts(sqlite, pass.cohortsCrawlId, min, names, cohortBig);
    if (pass.crawl) this.writeCrawl(sqlite, pass.crawl, crawlBig);
  }

  private caughtUp: { cohortBig: number[]; crawlBig: number[] } | null = null;

  /**
   * The reads of write() alone (they only read, through the author index): a first load runs them
   * outside the writing transaction, once the writer thread has built the indexes and ended. Once per pass.
   */
  catchUp(pass: AuthorPass, min: AuthorMinModels, read: ReadAuthor): { cohortBig: number[]; crawlBig: number[] } {
    if (this.caughtUp) return this.caughtUp;
    const ids = this.names.values;
    const cohortBig = pass.cohortsCrawlId === null ? [] : ids.flatMap((_, a) => ((this.alive[a] ?? 0) >= min.cohorts ? [a] : []));
    const crawlBig = pass.crawl === null ? [] : ids.flatMap((_, a) => ((this.listed[a] ?? 0) >= min.crawls ? [a] : []));
    const toRead = new Map<number, { cohort: number | null; crawl: number | null }>();
    // The id below which an author's models are still to be read (null: none), its accumulator reset
    // when the scan's part cannot be completed by a range of ids.
    const missing = (acc: unknown, from: number | undefined): number | null =>
      !acc ? ALL : from === undefined ? null : this.ordered ? from : ALL;
    for (const a of cohortBig) {
      const before = missing(this.cohortAcc[a], this.cohortFrom[a]);
      if (before === null) continue;
      if (before === ALL) this.cohortAcc[a] = { week: new SumTable(), month: new SumTable() };
      toRead.set(a, { cohort: before, crawl: null });
    }
    for (const a of crawlBig) {
      const before = missing(this.crawlAcc[a], this.crawlFrom[a]);
      if (before === null) continue;
      if (before === ALL) this.crawlAcc[a] = { masks: new SumTable(), downloads: new Map() };
      toRead.set(a, { cohort: toRead.get(a)?.cohort ?? null, crawl: before });
    }
    for (const [a, before] of toRead) read(ids[a], before);
    this.caughtUp = { cohortBig, crawlBig };
    return this.caughtUp;
  }

  private writeCohorts(sqlite: Sqlite, crawlId: number, min: AuthorMinModels, names: { tasks: Interner; periods: Interner }, big: number[]): void {
    for (const t of ["rollup_authors", "rollup_author_tasks", "rollup_author_cohort_masks"]) sqlite.prepare(`DELETE FROM ${t}`).run();
    // The large authors and the other cases of their names (NOCASE folds A-Z only).
    const fold = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    const listed = Math.min(min.crawls, min.cohorts);
    const large = new Set<string>();
    this.names.values.forEach((author, a) => {
      if ((this.alive[a] ?? 0) >= listed) large.add(fold(author));
    });
    const insertAuthor = sqlite.prepare("INSERT INTO rollup_authors (author, crawl_id, models) VALUES (?, ?, ?)");
    this.names.values.forEach((author, a) => {
      if ((this.alive[a] ?? 0) > 0 && large.has(fold(author))) insertAuthor.run(author, crawlId, this.alive[a]);
    });
    const insertTask = sqlite.prepare(
      `INSERT INTO rollup_author_tasks (crawl_id, author, task, period_start, created_floor, framework_mask,
         models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertMask = sqlite.prepare(
      `INSERT INTO rollup_author_cohort_masks (crawl_id, author, period, period_start, created_floor, framework_mask,
         models, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const period = (k: number) => names.periods.values[extraOf(k) >> 1];
    for (const a of big) {
      const author = this.names.values[a];
      const acc = this.cohortAcc[a]!;
      const months = new SumTable(); // tasks summed out
      for (let r = 0; r < acc.month.size; r++) {
        const k = acc.month.keys[r];
        insertTask.run(crawlId, author, names.tasks.values[taskOf(k)], period(k), extraOf(k) & 1, maskOf(k), ...acc.month.four(r));
        months.addRow(key(maskOf(k), 0, extraOf(k)), acc.month, r);
      }
      for (const [p, t] of [["week", acc.week], ["month", months]] as const) {
        for (let r = 0; r < t.size; r++) {
          const k = t.keys[r];
          insertMask.run(crawlId, author, p, period(k), extraOf(k) & 1, maskOf(k), ...t.four(r));
        }
      }
    }
  }

  private writeCrawl(sqlite: Sqlite, crawl: { id: number; prevFullCrawlId: number | null }, big: number[]): void {
    const withPrev = crawl.prevFullCrawlId !== null;
    const hadRows = new Set(authorsWithRows(sqlite, crawl.prevFullCrawlId));
    sqlite.prepare("DELETE FROM rollup_crawl_authors WHERE crawl_id = ?").run(crawl.id);
    const insert = sqlite.prepare(
      `INSERT INTO rollup_crawl_authors (crawl_id, author, framework_mask, models, downloads_30d, downloads_all_time,
         downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertStats = sqlite.prepare(
      `INSERT INTO rollup_crawl_stats (crawl_id, dimension, value, models, zero_download_models, top_models,
         top_downloads_30d, downloads_30d) VALUES (?, 'author', ?, ?, ?, ?, ?, ?)`,
    );
    // Full crawls before this one, oldest first: the history of the authors new to the per-crawl rows.
    const earlier = withPrev
      ? (sqlite.prepare("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' AND id < ? ORDER BY id").pluck().all(crawl.id) as number[])
      : [];
    const deleteEarlier = sqlite.prepare("DELETE FROM rollup_crawl_authors WHERE crawl_id = ? AND author = ?");
    for (const a of big) {
      const author = this.names.values[a];
      const acc = this.crawlAcc[a]!;
      const m = acc.masks;
      for (let r = 0; r < m.size; r++) insert.run(crawl.id, author, m.keys[r], ...m.crawlColumns(r, withPrev));
      const s = concentrationOfHistogram(acc.downloads);
      insertStats.run(crawl.id, author, s.models, s.zero, s.topModels, s.topDownloads, s.total);
      if (hadRows.has(author) || earlier.length === 0) continue;
      for (const c of earlier) deleteEarlier.run(c, author);
      for (const r of authorCrawlHistory(sqlite, author, earlier)) {
        insert.run(r.crawlId, author, r.mask, r.models, r.downloads30d, r.downloadsAllTime, r.downloadsSincePrev, r.likes);
      }
      insertFrameworkHistory(sqlite, author, earlier);
    }
  }
}

/** Authors with per-crawl rows at a crawl (none for null). */
function authorsWithRows(sqlite: Sqlite, crawlId: number | null): string[] {
  if (crawlId === null) return [];
  return sqlite.prepare("SELECT DISTINCT author FROM rollup_crawl_authors WHERE crawl_id = ?").pluck().all(crawlId) as string[];
}

/**
 * The framework lens's per-crawl rows of an author at `crawls`, rebuilt from the snapshots with today's
 * tags and rules (as the tag lens's history is): after a first pass that finds the author large, and
 * after a change of the rules (lib/crawl/reclassify.ts).
 */
export function insertFrameworkHistory(sqlite: Sqlite, author: string, crawls: readonly number[]): void {
  if (crawls.length === 0) return;
  const insert = sqlite.prepare(
    `INSERT INTO rollup_crawl_authors (crawl_id, author, framework_mask, models, downloads_30d, downloads_all_time,
       downloads_since_prev, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of authorCrawlHistory(sqlite, author, crawls, { maskSql: attributeSql("m.framework_mask", "m.library_name") })) {
    insert.run(r.crawlId, author, r.mask | FRAMEWORK_BASIS_BIT, r.models, r.downloads30d, r.downloadsAllTime, r.downloadsSincePrev, r.likes);
  }
}

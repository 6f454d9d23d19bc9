/**
 * npm run crawl -- [flags]
 *
 * Lists Hub models with @huggingface/hub into SQLite. With no filter it is a full crawl (every public
 * model, newest first); any filter or --limit makes it a scoped crawl, which never marks models as
 * gone. The Hub keeps no download history: every day without a full crawl is a data point lost.
 */
import { nonEmpty, normalizeWaitFlag, oneOf, parseFlags, positiveInt, UsageError, waitMsFromFlag } from "../lib/cli/args";
import { formatDuration, formatFull } from "../lib/charts/format";
import { hubCounters, PASS_FLAGS, progressTail, runCrawlCommand } from "../lib/cli/crawl-runner";
import { CRAWL_SORTS, type CrawlScope } from "../lib/crawl/crawl-runs";
import { runCrawl, type CrawlProgress, type CrawlSummary } from "../lib/crawl/run-crawl";

const HELP = `Usage: npm run crawl -- [flags]

Crawl Hugging Face Hub models into SQLite (${"DATABASE_PATH"}, default data/hf-trends.db).
Hub: HF_ENDPOINT (default https://huggingface.co); HF_TOKEN optional (raises the rate limit).

Scope (any of these makes a scoped crawl; none = a full crawl of every public model):
  --limit N          stop after N models
  --author NAME      only this user or organisation
  --task TAG         only this pipeline_tag (e.g. text-generation)
  --tag TAG          only models carrying TAG; repeat to AND several (like the Hub's filter)
  --search TEXT      repo id contains TEXT
  --sort KEY         ${CRAWL_SORTS.join(" | ")} (default createdAt, newest first)

Kind:
  --incremental      only models newer than the last completed crawl's newest (cheap, between full crawls)
  --resume           continue the last crawl that did not complete, from its checkpoint

Other:
  --wait [SECONDS]   if another crawl holds the DB, wait for it (bare: as long as it takes;
                     default: exit with code 3)
  --dry-run          list and classify without writing anything
  --quiet            no progress line (the summary line is still printed)
  --help             this text

Exit codes: 0 completed, 1 failed, 2 bad flags, 3 another crawl is running, 130 interrupted.`;

function parse(argv: string[]) {
  const { values } = parseFlags(normalizeWaitFlag(argv), {
    ...PASS_FLAGS,
    author: { type: "string" },
    task: { type: "string" },
    tag: { type: "string", multiple: true },
    search: { type: "string" },
    sort: { type: "string" },
    incremental: { type: "boolean" },
  });
  const scope: CrawlScope = {};
  const limit = positiveInt("limit", values.limit);
  if (limit !== undefined) scope.limit = limit;
  const author = nonEmpty("author", values.author);
  if (author !== undefined) scope.author = author;
  const task = nonEmpty("task", values.task);
  if (task !== undefined) scope.task = task;
  if (values.tag) scope.tags = values.tag.map((t) => nonEmpty("tag", t) as string);
  const search = nonEmpty("search", values.search);
  if (search !== undefined) scope.search = search;
  const sort = oneOf("sort", values.sort, CRAWL_SORTS);
  if (sort !== undefined) scope.sort = sort;
  if (values.resume && Object.keys(scope).length > 0) {
    throw new UsageError("--resume continues the stored crawl with its own scope; do not pass filters with it");
  }
  if (values.resume && values.incremental) throw new UsageError("--resume and --incremental do not combine");
  return { scope, help: !!values.help, resume: !!values.resume, incremental: !!values.incremental, dryRun: !!values["dry-run"], quiet: !!values.quiet, waitMs: waitMsFromFlag(values.wait) };
}

function progressLine(p: CrawlProgress): string {
  const total = p.expected ? ` of ~${formatFull(p.expected)}` : "";
  return (
    `crawl #${p.crawlId ?? "dry-run"} ${p.kind}: ${formatFull(p.models)}${total} models (${formatFull(p.modelsNew)} new) · ` +
    `${formatFull(p.pages)} pages${progressTail(p, "models")}`
  );
}

function summaryLine(s: CrawlSummary): string {
  const skipped = s.skippedPrivate + s.skippedInvalid > 0 ? `, skipped ${s.skippedPrivate} private / ${s.skippedInvalid} invalid` : "";
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `crawl #${s.crawlId ?? "dry-run"} ${s.kind} ${s.status}: ${formatFull(s.models)} models ` +
    `(${formatFull(s.modelsNew)} new, ${formatFull(s.modelsGone)} gone${skipped}) in ${formatDuration(s.elapsedMs)}, ` +
    `${formatFull(s.rate)} models/s, ${formatFull(s.pages)} pages, ${hubCounters(s)}` +
    `${s.searchIndexMs !== null ? `, then the search index in ${formatDuration(s.searchIndexMs)}` : ""}${error}`
  );
}

runCrawlCommand({
  name: "crawl",
  help: HELP,
  parse,
  unit: "page",
  database: "listing",
  run: (args, ctx) =>
    runCrawl({
      ...ctx,
      scope: args.scope,
      incremental: args.incremental,
      resume: args.resume,
      dryRun: args.dryRun,
      lockWaitMs: args.waitMs,
    }),
  progressLine,
  summaryLine,
  nothingToResume: "the last crawl completed",
  resumeHint: "npm run crawl -- --resume",
});

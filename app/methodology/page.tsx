import type { Metadata } from "next";
import Link from "next/link";
import { FRAMEWORKS, NONE_BUCKET, OTHER_BUCKET } from "@/lib/frameworks/config";
import { DatabaseUnavailable, getReadDb } from "@/lib/queries/db";
import { getDataStatus } from "@/lib/queries/status";
import { getBackfillStatus } from "@/lib/queries/caveats";
import { formatFull } from "@/lib/charts/format";
import { instantLabel } from "@/lib/charts/periods";
import { Ticked } from "../_components/Ticked";
import { formatPercent } from "@/lib/charts/format";
import { FRAMEWORK_LENS } from "@/lib/frameworks/lenses";
import { RULES_VERSION } from "@/lib/frameworks/rules";
import { FAKE_HUB_TRUTH_GAP } from "@/lib/frameworks/truth-gap";
import { getRuleCounts } from "@/lib/queries/rules";
import { makeCtx } from "@/lib/queries/context";
import { DEFAULT_VIEW } from "@/lib/url-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Methodology" };

function live() {
  try {
    const sqlite = getReadDb();
    const status = getDataStatus(sqlite);
    return { status, backfill: getBackfillStatus(sqlite, status.version), rules: getRuleCounts(makeCtx(sqlite, DEFAULT_VIEW)) };
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return null;
    throw err;
  }
}

export default function MethodologyPage() {
  const d = live();
  return (
    <main className="page prose">
      <h1>Methodology</h1>
      <p>
        hf-trends lists every public model of the Hugging Face Hub once a day (a <em>full crawl</em>) and keeps the history
        of every crawl. The Hub itself keeps none: each figure here is either a count of the models alive at the latest
        crawl, by the date they were created, or a comparison of the crawls we made.
        {d?.status.lastFull?.finishedAt ? <> The data is as of the full crawl #{d.status.lastFull.id}, completed {instantLabel(d.status.lastFull.finishedAt)} ({formatFull(d.status.lastFull.models)} models).</> : " No full crawl has completed yet."}
      </p>

      <h2 id="lenses">Framework or weight files: the two lenses</h2>
      <p>
        The Hub&apos;s framework tags describe weight <em>files</em>: <code>pytorch</code> means a <code>pytorch_model.bin</code> or
        <code>.pt</code>, <code>tf</code> a <code>tf_model.h5</code> or SavedModel, <code>jax</code> a <code>flax_model.msgpack</code>. Since 2023
        transformers, diffusers, peft, sentence-transformers and most other PyTorch libraries save <code>*.safetensors</code>, which gets
        the <code>safetensors</code> tag and no <code>pytorch</code> tag; transformers removed TensorFlow and JAX in v5. Counting tags, PyTorch
        seems to vanish after 2023. So every figure can be counted two ways (<code>basis</code> in the URL, &ldquo;Count by&rdquo; in the filter bar):
      </p>
      <ul>
        <li><strong>Framework</strong> (the default): the framework a model is <em>for</em>, inferred from its format tags and <code>library_name</code> by the ordered rules below. Models no rule places are <strong>Undetermined</strong>, shown with their share, never dropped. <code>safetensors</code> is a format, not a framework, and is not a choice here.</li>
        <li><strong>Weight files (Hub tags)</strong>: the tags as the Hub sets them, relabelled for what they are (&ldquo;<code>pytorch</code> tag: .bin / .pt weights&rdquo;, &ldquo;safetensors: format, not a framework&rdquo;). Models without any weight-format tag are &ldquo;{NONE_BUCKET.name}&rdquo;.</li>
      </ul>
      <p>
        Both are stored for every crawl. Per-crawl figures of crawls made before the framework lens existed (or before the rules last
        changed) are derived from what that crawl stored per library and weight tags, with today&apos;s rules; the author filter across
        crawls uses each model&apos;s tags of today.
      </p>
      <h3 id="rules">The rules (version <code>{RULES_VERSION}</code>), in order</h3>
      <p>
        A model counts for every framework a rule gives it (a transformers model with safetensors and <code>tf</code> weights is PyTorch and
        TensorFlow); the first rule giving a framework is the one its model page names. &ldquo;Places&rdquo;: models alive now that this rule
        places first; &ldquo;matches&rdquo;: models it matches at all.
        {d && d.rules.total > 0 && <> Of {formatFull(d.rules.total)} models alive now, the framework lens leaves <strong data-testid="undetermined-framework">{formatPercent((100 * d.rules.undetermined.framework) / d.rules.total)}</strong> undetermined; the tag lens leaves {formatPercent((100 * d.rules.undetermined.tags) / d.rules.total)} without a weight-format tag.</>}
      </p>
      <p data-testid="truth-gap">
        How far this is from what authors meant, measured where it is known (the offline fake Hub records the framework its generator
        meant for each repo; seed {FAKE_HUB_TRUTH_GAP.seed}, {formatFull(FAKE_HUB_TRUTH_GAP.models)} public repos on {FAKE_HUB_TRUTH_GAP.day}):
        the rules&apos; answer equals the meant one for {formatPercent((100 * FAKE_HUB_TRUTH_GAP.agree) / FAKE_HUB_TRUTH_GAP.models)} of repos;{" "}
        {formatPercent((100 * FAKE_HUB_TRUTH_GAP.undetermined) / FAKE_HUB_TRUTH_GAP.models)} stay undetermined; of the repos meant for PyTorch,{" "}
        {formatPercent((100 * FAKE_HUB_TRUTH_GAP.foundPytorch) / FAKE_HUB_TRUTH_GAP.meantPytorch)} are found. The rest carry weights no listing
        field ties to a framework (no library, a neutral format), which the real Hub&apos;s listing does not allow either.
      </p>
      <div className="table-wrap">
      <table className="data" data-testid="rules-table">
        <thead><tr><th>Rule</th><th>Framework</th><th>Why</th><th className="num">Places</th><th className="num">Matches</th></tr></thead>
        <tbody>
          {(d?.rules.rules ?? []).map((r) => (
            <tr key={r.id} data-rule={r.id}>
              <td><code>{r.id}</code></td>
              <td>{FRAMEWORK_LENS.find((f) => f.id === r.framework)?.name ?? r.framework}</td>
              <td>{r.reason}</td>
              <td className="num">{formatFull(r.places)}</td>
              <td className="num">{formatFull(r.matches)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>

      <h2>What is counted</h2>
      <ul>
        <li><strong>New models per week, month or quarter</strong>: models alive at the latest crawl, by the UTC calendar period of their creation date (weeks start on Monday; quarters are sums of months). The creation date is the Hub&apos;s <code>createdAt</code>, or the true date found by the backfill for the repos older than 2022-03 (below).</li>
        <li><strong>Share of new models</strong>: a framework&apos;s new models divided by all new models of the period matching the filters, those with no framework included.</li>
        <li><strong>Cumulative models</strong>: models alive now created up to the end of each period, the repos created before 2022-03 included from the start.</li>
        <li><strong>30-day downloads as of a crawl</strong>: the sum of the Hub&apos;s <code>downloads</code> (a rolling 30-day count) of the models that crawl listed.</li>
        <li><strong>Downloads between crawls</strong>: for each model, its <code>downloadsAllTime</code> at a crawl minus its value at the previous full crawl (from 0 for a model new since then). This is exact: the all-time count only grows.</li>
        <li><strong>All-time downloads as of a crawl</strong>: the sum of <code>downloadsAllTime</code> of the models that crawl listed.</li>
        <li><strong>Exclusive view</strong>: every model falls in exactly one of four groups for two frameworks A and B: only A, only B, both, neither (another framework or none). The groups add up to all models (or all downloads).</li>
        <li><strong>Other</strong>: models with at least one tracked framework but none of those shown. <strong>{NONE_BUCKET.name}</strong>: models with none of the tracked frameworks ({OTHER_BUCKET.name} and none are grey in every chart).</li>
        <li><strong>Growth</strong>: the change of new models from the previous complete period to the last complete one.</li>
        <li><strong>Top 1% share</strong> (in <code>npm run report</code>): the 30-day downloads of the ceil(1%) most downloaded models over all 30-day downloads, at the latest full crawl.</li>
      </ul>

      <h2>Periods and dates</h2>
      <ul>
        <li>Everything is bucketed in UTC. A date range selects whole periods: those holding the <em>from</em> and <em>to</em> dates and everything between.</li>
        <li>The period holding the data&apos;s date is not over, so it is left out of the trend charts (each chart says which period it dropped); totals and tables include it.</li>
        <li>Charts &ldquo;across crawls&rdquo; have one point per completed full crawl. Incremental crawls (new models only), scoped crawls and the backfill never make a point.</li>
      </ul>

      <h2>Caveats of the data</h2>
      <ul>
        <li><strong>Downloads are per repo, not per framework.</strong> The Hub counts a download on each request for a config-like file (<code>config.json</code> and a few others; libraries can choose their own files). A repo with PyTorch, TensorFlow and JAX weights has one number, attributed here to each of its frameworks: shares of downloads, like shares of models, add up to more than 100%.</li>
        <li><strong>GGUF files count per file.</strong> Every download of any <code>.gguf</code> file counts, so GGUF repos with many quantisations collect more downloads per use.</li>
        <li><strong>The 2022-03-02 floor.</strong> Repos created before the Hub stored creation dates all carry <code>createdAt</code> = 2022-03-02T23:29:04Z. Unless the backfill (<code>npm run crawl:backfill-created</code>) found their first commit, they are left out of the periods and counted in the starting stock of cumulative charts.
          {d && <> In this data: {formatFull(d.backfill.legacy)} such repos, {formatFull(d.backfill.dated)} with a true date backfilled, {formatFull(d.backfill.undated)} alive without one.</>}
        </li>
        <li><strong>Survivorship.</strong> Deleted repos are gone from every cohort, so older periods are undercounted.</li>
        <li><strong>Today&apos;s tags.</strong> A repo&apos;s frameworks are its tags and library today, not at creation (a repo that gained safetensors later counts as safetensors from its creation). Across crawls, each crawl&apos;s rollup keeps the frameworks that crawl saw.</li>
        <li><strong>Multi-framework repos</strong> count for each framework they carry: shares add up to more than 100%.</li>
        <li><strong>The author filter</strong> reads the author&apos;s models directly; across crawls it uses each model&apos;s framework set of today.</li>
        <li>Private repos are never stored; gated repos are.</li>
      </ul>

      <h2>How weight-file tags are read (the tag lens)</h2>
      <div className="table-wrap">
      <table className="data">
        <thead><tr><th>Framework</th><th>Detection</th></tr></thead>
        <tbody>
          {FRAMEWORKS.map((f) => (
            <tr key={f.id}><td><span className="cell-dot" style={{ background: f.color }} aria-hidden="true" /><Link href={`/frameworks/${f.id}`}>{f.name}</Link></td><td><Ticked text={f.note} /></td></tr>
          ))}
        </tbody>
      </table>
      </div>

      <h2>Checking the numbers</h2>
      <p>
        <code>npm run report -- [--json] [filters]</code> prints the overview&apos;s figures straight from the database through the same
        query functions; the test suite recounts every chart from the models and snapshots tables. Every chart&apos;s menu exports
        exactly what it shows as CSV or JSON, and <code>GET /api/trends</code>, <code>/api/frameworks</code> and <code>/api/models</code> take the
        same parameters as the pages.
      </p>
    </main>
  );
}

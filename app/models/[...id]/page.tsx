import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { DatabaseUnavailable, getReadDb } from "@/lib/queries/db";
import { getModel, getModelHistory, modelHistoryCharts } from "@/lib/queries/models";
import { getDataStatus } from "@/lib/queries/status";
import { cached } from "@/lib/queries/cache";
import { FRAMEWORKS } from "@/lib/frameworks/config";
import { formatFull } from "@/lib/charts/format";
import { dayLabel, formatDate, instantLabel } from "@/lib/charts/periods";
import { frameworkName } from "@/lib/charts/style";
import { hubUrl } from "@/lib/env";
import { Unavailable } from "../../_components/Unavailable";
import { ChartCard } from "../../_components/ChartCard";

import { authorPath, modelPath } from "@/lib/urls";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string[] }> };

/**
 * The repo id from the catch-all segments. Next 16 hands them to the page still percent-encoded
 * (and decoded to generateMetadata); Hub ids never contain "%", so decoding is safe either way.
 */
function repoIdOf(segments: string[]): string {
  return segments.map((s) => { try { return decodeURIComponent(s); } catch { return s; } }).join("/");
}


export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: repoIdOf((await params).id) };
}

function date(s: number | null): string {
  return s === null ? "–" : dayLabel(formatDate(s * 1000));
}

export default async function ModelPage({ params }: Props) {
  const repoId = repoIdOf((await params).id);
  let sqlite;
  try {
    sqlite = getReadDb();
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return <Unavailable message={err.message} />;
    throw err;
  }
  const status = getDataStatus(sqlite);
  const found = cached(status.version, `model:${repoId}`, () => getModel(sqlite, repoId));
  if (found.kind === "moved") permanentRedirect(modelPath(found.repoId));
  if (found.kind === "missing") notFound();
  const m = found.model;
  const history = cached(status.version, `history:${m.id}`, () => getModelHistory(sqlite, m));
  const charts = modelHistoryCharts(history);
  let hub: string | null = null;
  try {
    hub = `${hubUrl()}/${m.repoId.split("/").map(encodeURIComponent).join("/")}`;
  } catch {
    hub = null;
  }
  const tfjs = FRAMEWORKS.find((f) => f.id === "tfjs")!;
  return (
    <main className="page">
      <div className="page-head">
        <p className="small"><Link href="/models">Models</Link> ›{m.author && <> <Link href={authorPath(m.author)}>{m.author}</Link></>}</p>
        <h1 className="wrap-anywhere" data-testid="model-id">{m.repoId}</h1>
        {m.goneSinceCrawl !== null && <div className="banner">This model was not listed by crawl #{m.goneSinceCrawl} and later: it was deleted or made private on the Hub.</div>}
      </div>
      <div className="grid">
        <section className="card">
          <h2>About this model</h2>
          <dl className="kv">
            <dt>Author</dt><dd className="wrap-anywhere">{m.author ?? "–"}</dd>
            <dt>Framework (what it is for)</dt>
            <dd data-testid="model-attribution">
              {m.attribution.length === 0 ? <>Undetermined: no rule places it (<Link href="/methodology#rules">the rules</Link>)</> : (
                <ul className="plain">{m.attribution.map((w) => (
                  <li key={w.framework}>
                    <Link className="tag" href={`/frameworks/${w.framework}`}><span className="cell-dot" style={{ background: FRAMEWORKS.find((x) => x.id === w.framework)!.color }} aria-hidden="true" />{frameworkName(w.framework)}</Link>
                    {": "}{w.because} <span className="small">(rule <Link href="/methodology#rules"><code>{w.rule}</code></Link>)</span>
                  </li>
                ))}</ul>
              )}
            </dd>
            <dt>Weight files (Hub tags)</dt>
            <dd>
              {m.frameworks.length === 0 ? "no weight-format tag" : (
                <span className="tags">{m.frameworks.map((f) => (
                  <Link key={f} className="tag" href={`/frameworks/${f}?basis=tags`}><span className="cell-dot" style={{ background: FRAMEWORKS.find((x) => x.id === f)!.color }} aria-hidden="true" />{frameworkName(f, "tags")}</Link>
                ))}</span>
              )}
            </dd>
            <dt>Library</dt><dd className="wrap-anywhere">{m.libraryName ?? "–"}</dd>
            <dt>Task</dt><dd className="wrap-anywhere">{m.pipelineTag ?? "–"}</dd>
            <dt>Created</dt>
            <dd>
              {m.createdAtIsFloor
                ? m.trueCreatedAt !== null && (m.trueCreatedSource === "initial-commit" || m.trueCreatedSource === "oldest-commit")
                  ? <>{date(m.trueCreatedAt)} (from its {m.trueCreatedSource === "initial-commit" ? "first commit" : "oldest surviving commit, an upper bound"}; the Hub shows its 2022-03-02 floor date)</>
                  : <>before 2022-03 (the Hub shows its 2022-03-02 floor date{m.trueCreatedSource === "not-found" ? "; the backfill found no commit" : "; not backfilled yet"})</>
                : date(m.createdAt)}
            </dd>
            <dt>Last modified</dt><dd>{date(m.lastModified)}</dd>
            <dt>Gated</dt><dd>{m.gated ?? "no"}</dd>
            <dt>30-day downloads</dt><dd className="num" style={{ textAlign: "left" }}>{formatFull(m.downloads30d)}</dd>
            <dt>All-time downloads</dt><dd className="num" style={{ textAlign: "left" }}>{formatFull(m.downloadsAllTime)}</dd>
            <dt>Likes</dt><dd className="num" style={{ textAlign: "left" }}>{formatFull(m.likes)}</dd>
            <dt>Files</dt>
            <dd>
              {m.filesCheckedAt !== null
                ? <>Checked on {instantLabel(m.filesCheckedAt * 1000)}: {m.frameworks.includes("tfjs") ? `${tfjs.name} weights confirmed (model.json with weight shards).` : `no ${tfjs.name} weights.`}</>
                : m.candidates.length > 0 ? <>Tagged {m.candidates.map((f) => frameworkName(f, "tags")).join(", ")}; its files have not been checked yet.</> : "Not read: full crawls list no files (only tfjs candidates are checked)."}
            </dd>
            {m.previousIds.length > 0 && <><dt>Previous ids</dt><dd className="wrap-anywhere">{m.previousIds.join(", ")}</dd></>}
            <dt>Hub id</dt><dd className="wrap-anywhere"><code>{m.hubId}</code>{hub && <> · <a href={hub} rel="noopener noreferrer">on the Hub</a></>}</dd>
          </dl>
          <h2 style={{ marginTop: 8 }}>Tags</h2>
          <div className="tags" data-testid="model-tags">{m.tags.length ? m.tags.map((t, i) => <span className="tag wrap-anywhere" key={`${i}:${t}`}>{t}</span>) : <span className="muted">none</span>}</div>
        </section>
        {charts.map((c) => <ChartCard key={c.id} data={c} />)}
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { pageInput, type SearchRecord } from "@/lib/queries/page-input";
import { modelSearchParts, topModelsParts } from "@/lib/views/models";
import { resolveSafely } from "@/lib/views/parts";
import { formatFull } from "@/lib/charts/format";
import { frameworkName } from "@/lib/charts/style";
import { BadQuery } from "../_components/BadQuery";
import { Unavailable } from "../_components/Unavailable";

import { authorPath, modelPath } from "@/lib/urls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Models" };


export default async function ModelsPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const input = pageInput(await searchParams);
  if (input.kind === "bad-query") throw new Error("unreachable: pages parse leniently");
  if (input.kind === "unavailable") return <Unavailable message={input.message} />;
  const { ctx } = input;
  const q = ctx.state.q;
  // The same parts GET /api/models returns, each rendered on its own.
  const search = q ? resolveSafely(modelSearchParts(ctx, q), "models.") : null;
  const models = search?.models ?? null;
  const authors = search?.authors ?? null;
  const top = q ? null : resolveSafely(topModelsParts(ctx), "models.").top;
  return (
    <main className="page">
        <BadQuery errors={input.errors} path="/models" />
      <div className="page-head">
        <h1>Models</h1>
        <p className="muted">Search by the start of a repo id (<code>meta-llama/</code>, <code>bert</code>) or of an author&apos;s name. Case does not matter.</p>
      </div>
      <form className="search-form" action="/models" method="get" role="search">
        <input type="search" name="q" defaultValue={q ?? ""} placeholder="Repo id or author prefix" aria-label="Search models and authors" autoFocus />
        <button type="submit">Search</button>
      </form>
      {q && (
        <div className="grid" data-testid="search-results">
          <section className="card">
            <h2>Authors starting with “{q}”</h2>
            {authors?.error ? <div className="state error">{authors.error}</div> : authors?.data?.length ? (
              <table className="data"><thead><tr><th>Author</th><th className="num">Models</th></tr></thead><tbody>
                {authors.data.map((a) => (
                  <tr key={a.author}>
                    <td className="wrap-anywhere"><Link href={authorPath(a.author)}>{a.author}</Link></td>
                    <td className="num">{formatFull(a.models)}</td>
                  </tr>
                ))}
              </tbody></table>
            ) : <div className="state">No author starts with “{q}”.</div>}
          </section>
          <section className="card">
            <h2>Models starting with “{q}”</h2>
            {models?.error ? <div className="state error">{models.error}</div> : models?.data?.length ? (
              <table className="data"><thead><tr><th>Model</th><th>Frameworks</th><th className="num">30-day downloads</th></tr></thead><tbody>
                {models.data.map((m) => (
                  <tr key={m.repoId}>
                    <td className="wrap-anywhere"><Link href={modelPath(m.repoId)}>{m.repoId}</Link></td>
                    <td className="small">{m.frameworks.map((f) => frameworkName(f)).join(", ") || "Undetermined"}</td>
                    <td className="num">{formatFull(m.downloads30d)}</td>
                  </tr>
                ))}
              </tbody></table>
            ) : <div className="state">No model id starts with “{q}”.</div>}
          </section>
        </div>
      )}
      {top && (
        <section className="card" data-testid="top-models">
          <h2>Most downloaded models (30-day downloads)</h2>
          <p className="caption">Across the whole Hub as of the latest crawl.</p>
          {top.error ? <div className="state error">{top.error}</div> : !top.data?.length ? <div className="state">No completed crawl yet.</div> : (
            <div className="table-wrap"><table className="data"><thead><tr><th className="num">#</th><th>Model</th><th>Task</th><th className="num">30-day downloads</th><th className="num">Likes</th></tr></thead><tbody>
              {top.data.map((m) => (
                <tr key={m.rank}>
                  <td className="num">{m.rank}</td>
                  <td className="wrap-anywhere"><Link href={modelPath(m.repoId)}>{m.repoId}</Link></td>
                  <td className="wrap-anywhere">{m.task ?? "–"}</td>
                  <td className="num">{formatFull(m.downloads30d)}</td>
                  <td className="num">{formatFull(m.likes)}</td>
                </tr>
              ))}
            </tbody></table></div>
          )}
        </section>
      )}
    </main>
  );
}

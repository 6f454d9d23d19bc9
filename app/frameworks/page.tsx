import type { Metadata } from "next";
import Link from "next/link";
import { lensFrameworks } from "@/lib/frameworks/lenses";
import { pageInput, type SearchRecord } from "@/lib/queries/page-input";
import { getAllFrameworkStats } from "@/lib/queries/frameworks";
import { statsTable } from "@/lib/queries/framework-stats";
import { safely } from "@/lib/queries/safe";
import { BadQuery } from "../_components/BadQuery";
import { Unavailable } from "../_components/Unavailable";
import { TableCard } from "../_components/TableCard";
import { Ticked } from "../_components/Ticked";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Frameworks" };

export default async function FrameworksPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const input = pageInput(await searchParams);
  if (input.kind === "bad-query") throw new Error("unreachable: pages parse leniently");
  if (input.kind === "unavailable") return <Unavailable message={input.message} />;
  const stats = safely("allStats", () => statsTable(getAllFrameworkStats(input.ctx), input.ctx.state, input.ctx));
  return (
    <main className="page">
        <BadQuery errors={input.errors} path="/frameworks" />
      <div className="page-head">
        <h1>Frameworks and weight formats</h1>
        <p className="muted">Every framework hf-trends tracks, how it is detected on the Hub, and its models and downloads today. Open one for its trend, top models, tasks and the frameworks it ships with.</p>
      </div>
      {stats.data ? <TableCard data={{ ...stats.data, title: "All tracked frameworks" }} /> : <div className="state error">{stats.error}</div>}
      <h2 className="section-title">How each is detected</h2>
      <div className="fw-list">
        {lensFrameworks(input.ctx.state.basis).map((f) => (
          <div className="card" key={f.id}>
            <h2><span className="cell-dot" style={{ background: f.color }} aria-hidden="true" /><Link href={`/frameworks/${f.id}${input.ctx.state.basis === "tags" ? "?basis=tags" : ""}`}>{f.name}</Link></h2>
            <p className="caption"><Ticked text={f.note} /></p>
          </div>
        ))}
      </div>
    </main>
  );
}

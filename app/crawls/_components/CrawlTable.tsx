/** Every crawl, newest first: status, kind, scope, duration, models, models/s, pages, retries, waits, errors. */
import Link from "next/link";
import type { CrawlPage, CrawlRow } from "@/lib/ops/crawl-monitor";
import { formatDuration, formatFull, formatRate, formatUtc } from "@/lib/charts/format";
import styles from "../crawls.module.css";

function StatusBadge({ c }: { c: CrawlRow }) {
  const label = c.status === "running" && !c.live ? "stopped" : c.status;
  const cls = c.status === "running" ? (c.live ? styles.running : styles.interrupted) : styles[c.status] ?? "";
  const title = c.status === "running" && !c.live ? "its process stopped without finishing; it is resumed by the next crawl" : undefined;
  return <span className={`${styles.badge} ${cls}`} title={title}>{label}</span>;
}

export function CrawlTable({ page, before }: { page: CrawlPage; before: number | null }) {
  if (page.total === 0) {
    return (
      <section className="card">
        <h2>All crawls</h2>
        <div className="state" data-testid="no-crawls">
          No crawl yet. The scheduler starts the first one at once (<code>npm start</code>), or run <code>npm run crawl</code>.
        </div>
      </section>
    );
  }
  return (
    <section className="card">
      <div className="card-head">
        <h2>All crawls</h2>
        <span className="caption">{formatFull(page.total)} in all · times in UTC</span>
      </div>
      <div className="table-wrap">
        <table className="data" data-testid="crawl-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Status</th>
              <th>Kind</th>
              <th>Scope</th>
              <th>Started</th>
              <th className="num">Duration</th>
              <th className="num">Models</th>
              <th className="num">New</th>
              <th className="num">Gone</th>
              <th className="num">Models/s</th>
              <th className="num">Pages</th>
              <th className="num">Retries</th>
              <th className="num">Rate-limit waits</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {page.crawls.map((c) => (
              <tr key={c.id} id={`crawl-${c.id}`} data-testid="crawl-row" data-status={c.status}>
                <td className="num">{c.id}</td>
                <td><StatusBadge c={c} />{c.resumes ? <span className="muted small"> ×{c.resumes + 1}</span> : null}</td>
                <td>{c.kind}</td>
                <td className="small wrap-anywhere">{c.scope || <span className="muted">all</span>}</td>
                <td className="small" style={{ whiteSpace: "nowrap" }}>{formatUtc(c.startedAt).replace(" UTC", "")}</td>
                <td className="num">{formatDuration(c.durationMs)}</td>
                <td className="num">{formatFull(c.models)}</td>
                <td className="num">{formatFull(c.modelsNew)}</td>
                <td className="num">{formatFull(c.modelsGone)}</td>
                <td className="num" title={c.rate === null && c.resumes ? "resumed: its active time is not known" : undefined}>{formatRate(c.rate)}</td>
                <td className="num">{formatFull(c.pages)}</td>
                <td className="num">{formatFull(c.retries)}</td>
                <td className="num">{formatFull(c.rateLimitWaits)}{c.rateLimitWaitMs ? <span className="muted small"> ({formatDuration(c.rateLimitWaitMs)})</span> : null}</td>
                <td className={`small ${styles.error}`} title={c.error ?? undefined}>{c.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className={styles.pager} aria-label="Older and newer crawls">
        {before !== null ? <Link href="/crawls" prefetch={false}>Newest</Link> : null}
        {page.nextBefore !== null ? <Link href={`/crawls?before=${page.nextBefore}`} prefetch={false}>Older crawls →</Link> : null}
      </nav>
    </section>
  );
}

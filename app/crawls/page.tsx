/**
 * /crawls: the crawl monitor. Every crawl with its counters, the running one live, the scheduler
 * and its next runs, and "crawl now". Rendered per request (never cached: it is live by nature).
 */
import type { Metadata } from "next";
import { DatabaseUnavailable, getReadDb } from "@/lib/queries/db";
import { listCrawls, monitorData } from "@/lib/ops/crawl-monitor";
import { webConfig } from "@/lib/ops/web-config";
import { Unavailable } from "../_components/Unavailable";
import { CrawlNow } from "./_components/CrawlNow";
import { CrawlTable } from "./_components/CrawlTable";
import { LivePanel } from "./_components/LivePanel";
import styles from "./crawls.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Crawls" };

const PAGE_SIZE = 50;

export default async function CrawlsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const raw = typeof sp.before === "string" ? sp.before : "";
  const before = /^[0-9]+$/.test(raw) ? Number(raw) : null;
  let sqlite;
  try {
    sqlite = getReadDb();
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return <Unavailable message={err.message} />;
    throw err;
  }
  const cfg = webConfig();
  const monitor = monitorData(sqlite, cfg);
  const page = listCrawls(sqlite, { limit: PAGE_SIZE, before });
  return (
    <main className="page">
      <div className="page-head">
        <h1>Crawls</h1>
        <p className="caption">
          Every crawl of the Hub this database has seen. Full crawls (every public model) refresh downloads and define
          &ldquo;data as of&rdquo;; incremental ones add the models created since; scoped ones are filtered crawls run by hand.
        </p>
      </div>
      {cfg.problems.length ? (
        <div className="banner" role="alert">
          <strong>Configuration problem.</strong> {cfg.problems.join(" ")}
        </div>
      ) : null}
      <div className={styles.top}>
        <LivePanel initial={monitor} />
        <CrawlNow enabled={cfg.adminEnabled} />
      </div>
      <CrawlTable page={page} before={before} />
    </main>
  );
}

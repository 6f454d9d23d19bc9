"use client";
/**
 * The live part of the crawl monitor: the running crawl (progress, models/s, ETA), the scheduler's
 * state and the next scheduled runs. Polls /api/crawls/live (never cached): every 2 s while a crawl
 * runs, every 10 s otherwise; when a crawl starts or ends, the page's table is refreshed.
 */
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { MonitorData, LiveCrawl } from "@/lib/ops/crawl-monitor";
import { formatDuration, formatEta, formatFull, formatRate, formatRelative, formatUtc } from "@/lib/charts/format";
import styles from "../crawls.module.css";

const STATE_LABEL: Record<string, string> = {
  starting: "starting", idle: "idle", crawling: "crawling", "waiting-for-lock": "waiting for another crawl",
  "hub-unreachable": "Hub unreachable", "retry-wait": "waiting to retry", stopping: "stopping", stopped: "stopped",
};

function badgeClass(state: string | null): string {
  if (state === "crawling" || state === "waiting-for-lock" || state === "starting") return styles.running;
  if (state === "idle") return styles.completed;
  return styles.failed; // not running, Hub unreachable, waiting to retry a failed crawl, stopping
}

export function LivePanel({ initial }: { initial: MonitorData }) {
  const [data, setData] = useState(initial);
  const [stale, setStale] = useState(false);
  const router = useRouter();
  const liveId = data.live?.id ?? null;
  const lastLiveId = useRef(liveId);

  useEffect(() => {
    let stop = false;
    const tick = async () => {
      try {
        const res = await fetch("/api/crawls/live", { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as MonitorData;
        if (!stop) {
          setData(next);
          setStale(false);
        }
      } catch {
        if (!stop) setStale(true);
      }
    };
    const busy = liveId !== null || data.scheduler?.state === "crawling";
    const id = setInterval(tick, busy ? 2_000 : 10_000);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, [liveId, data.scheduler?.state]);

  useEffect(() => {
    if (lastLiveId.current !== liveId) {
      lastLiveId.current = liveId;
      router.refresh(); // a crawl started or ended: the table below changed
    }
  }, [liveId, router]);

  const s = data.scheduler;
  const alive = !!s?.alive;
  return (
    <section className="card" data-testid="live-panel" aria-live="polite">
      <div className="card-head">
        <h2>Now</h2>
        <span className={`${styles.badge} ${badgeClass(alive ? s!.state : null)}`} data-testid="scheduler-state" data-state={alive ? s!.state : "not-running"}>
          scheduler: {alive ? STATE_LABEL[s!.state] ?? s!.state : "not running"}
        </span>
      </div>

      {alive && s!.state === "hub-unreachable" ? (
        <div className="banner" role="alert" data-testid="hub-unreachable">
          <strong>The Hub cannot be reached.</strong> {s!.lastError?.replace(/^Hub unreachable: /, "")}. No crawl can run until it
          answers; the scheduler keeps trying. Without network, <code>npm run demo</code> shows the dashboard on a generated Hub.
        </div>
      ) : null}

      {data.live ? <LiveCrawlView c={data.live} now={data.now} /> : <NoCrawl data={data} />}

      <dl className={styles.next}>
        <dt>Next full crawl</dt>
        <dd>
          {data.next.full ? (
            <>
              {!data.hasData && !data.live ? <strong data-testid="first-crawl-due">due now (the first crawl), then </strong> : null}
              <time data-testid="next-full" dateTime={new Date(data.next.full.next).toISOString()}>{formatUtc(data.next.full.next)}</time>{" "}
              <span className="muted">({formatRelative(data.next.full.next, data.now)}; cron <span className={styles.mono}>{data.next.full.pattern}</span> UTC)</span>
            </>
          ) : (
            <span className="muted">not scheduled (CRAWL_SCHEDULE=off)</span>
          )}
        </dd>
        <dt>Next incremental crawl</dt>
        <dd>
          {data.next.incremental ? (
            <>
              <time data-testid="next-incremental" dateTime={new Date(data.next.incremental.next).toISOString()}>{formatUtc(data.next.incremental.next)}</time>{" "}
              <span className="muted">({formatRelative(data.next.incremental.next, data.now)}; cron <span className={styles.mono}>{data.next.incremental.pattern}</span> UTC)</span>
            </>
          ) : (
            <span className="muted">not scheduled</span>
          )}
        </dd>
        <dt>Scheduler</dt>
        <dd>
          {alive ? (
            <>
              {s!.state === "idle" ? "idle, waiting for the next run" : s!.detail ?? STATE_LABEL[s!.state]}{" "}
              <span className="muted">(pid {s!.pid} on {s!.host})</span>
            </>
          ) : (
            <span data-testid="scheduler-missing">
              not running: these runs will not happen. <code>npm start</code> runs it beside the dashboard (or <code>npm run scheduler</code>).
              {data.next.source === "environment" ? " Times shown are this server's CRAWL_SCHEDULE and INCREMENTAL_SCHEDULE." : ""}
            </span>
          )}
        </dd>
        {s?.lastError && s.state !== "hub-unreachable" ? (
          <>
            <dt>Last error</dt>
            <dd className="wrap-anywhere" data-testid="scheduler-error">
              {s.lastError} {s.lastErrorAt ? <span className="muted">({formatRelative(s.lastErrorAt, data.now)})</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {stale ? <p className="note">Live updates paused: the server does not answer.</p> : null}
    </section>
  );
}

function NoCrawl({ data }: { data: MonitorData }) {
  return (
    <p data-testid="no-crawl">
      No crawl is running.
      {data.hasData ? null : <> No full crawl has completed yet: the dashboard fills when the first one does.</>}
    </p>
  );
}

function LiveCrawlView({ c, now }: { c: LiveCrawl; now: number }) {
  return (
    <div data-testid="live-crawl" data-crawl-id={c.id} data-models={c.models} style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <div className="small muted">
        Crawl #{c.id} · {c.kind}
        {c.scope ? ` (${c.scope})` : ""} · started {formatUtc(c.startedAt)} ({formatDuration(now - c.startedAt)} ago)
        {c.resumes ? ` · resumed ${c.resumes}×` : ""} · run by the {c.runner === "scheduler" ? "scheduler" : "command line"}
      </div>
      <div>
        <span className={styles.big} data-testid="live-models">{formatFull(c.models)}</span>{" "}
        <span className="muted">
          {c.expected ? <>of ~{formatFull(c.expected)} models ({(c.percent ?? 0).toFixed(1)}%)</> : "models"}
        </span>
      </div>
      <div
        className={styles.bar}
        role="progressbar"
        aria-label="Crawl progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={c.percent !== null ? Math.round(c.percent) : undefined}
      >
        <div className={`${styles.fill} ${c.percent === null ? styles.indeterminate : ""}`} style={c.percent !== null ? { width: `${c.percent}%` } : undefined} />
      </div>
      <div data-testid="live-eta">
        {c.overExpected
          ? `Finishing: more models than the last full crawl listed (the Hub grew since).`
          : c.expected ? formatEta(c.etaMs) : c.kind === "full" ? "No ETA yet: the total is known after the first full crawl." : "No ETA: an incremental crawl stops at the newest model already stored."}
      </div>
      <dl className={styles.stats}>
        <div><dt>Models/s</dt><dd>{formatRate(c.currentRate)}</dd></div>
        <div><dt>Pages</dt><dd>{formatFull(c.pages)}</dd></div>
        <div><dt>New models</dt><dd>{formatFull(c.modelsNew)}</dd></div>
        <div><dt>Requests</dt><dd>{formatFull(c.requests)}</dd></div>
        <div><dt>Retries</dt><dd>{formatFull(c.retries)}</dd></div>
        <div><dt>Rate-limit waits</dt><dd>{formatFull(c.rateLimitWaits)} ({formatDuration(c.rateLimitWaitMs)})</dd></div>
      </dl>
    </div>
  );
}

"use client";
import { useEffect, useState } from "react";
import type { StatusView } from "@/lib/views/status";

/**
 * "Data as of ..." with a dot (polled, never cached): amber = a crawl is running; else green only
 * when /api/health would answer 200, red when it would answer 503 stale, grey before any data.
 */
export function StatusLine({ initial }: { initial: StatusView }) {
  const [s, setS] = useState(initial);
  useEffect(() => {
    let stop = false;
    const tick = async () => {
      try {
        const res = await fetch("/api/status", { cache: "no-store" });
        if (res.ok && !stop) setS((await res.json()) as StatusView);
      } catch {
        /* offline: keep the last status */
      }
    };
    const id = setInterval(tick, s.running ? 5_000 : 30_000);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, [s.running]);
  return (
    <span className="asof" data-testid="data-as-of">
      <span
        className={`dot${s.running ? " running" : s.health === "ok" ? "" : s.health === "stale" ? " stale" : " none"}`}
        data-health={s.health}
        title={s.healthMessage ?? undefined}
        aria-hidden="true"
      />
      <span>
        {s.asOf ? <>Data as of <time dateTime={s.asOfIso ?? undefined}>{s.asOf}</time></> : "No completed crawl yet"}
        {s.running ? <> · {s.running}</> : null}
      </span>
    </span>
  );
}

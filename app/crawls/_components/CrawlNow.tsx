"use client";
/**
 * "Crawl now": from the web only when the server has ADMIN_TOKEN, which the person types here (it
 * is sent once as a bearer token, never stored). Otherwise the way that always works: the CLI.
 */
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import styles from "../crawls.module.css";

export function CrawlNow({ enabled }: { enabled: boolean }) {
  const [token, setToken] = useState("");
  const [kind, setKind] = useState<"full" | "incremental">("full");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch("/api/crawls/now", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ kind }),
        cache: "no-store",
      });
      // Errors are the API's {"error": {"param"?, "message"}}.
      const body = (await res.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
      setResult(res.ok ? { ok: true, text: body.message ?? "accepted" } : { ok: false, text: body.error?.message ?? `HTTP ${res.status}` });
      if (res.ok) setTimeout(() => router.refresh(), 2_500);
    } catch {
      setResult({ ok: false, text: "the server does not answer" });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="crawl-now">
      <div className="card-head"><h2>Crawl now</h2></div>
      {enabled ? (
        <form className={styles.form} onSubmit={submit}>
          <label>
            Admin token
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required data-testid="admin-token" />
          </label>
          <div className={styles.row}>
            <select value={kind} onChange={(e) => setKind(e.target.value as "full" | "incremental")} aria-label="Kind of crawl">
              <option value="full">Full crawl</option>
              <option value="incremental">Incremental (new models)</option>
            </select>
            <button type="submit" disabled={busy || !token}>{busy ? "Asking…" : "Crawl now"}</button>
          </div>
          {result ? <p className={result.ok ? styles.ok : styles.err} role="status">{result.text}</p> : null}
          <p className="caption">The scheduler starts it within seconds. From the server&apos;s shell it always works: <code>npm run crawl</code>.</p>
        </form>
      ) : (
        <p className="caption" data-testid="crawl-now-cli">
          Run <code>npm run crawl</code> on the server (or <code>npm run crawl -- --incremental</code> for new models only).
          To start crawls from this page, set <code>ADMIN_TOKEN</code> on the server.
        </p>
      )}
    </section>
  );
}

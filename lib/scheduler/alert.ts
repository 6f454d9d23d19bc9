/**
 * ALERT_WEBHOOK_URL: a POST of one JSON object when a scheduled crawl fails (or the Hub cannot be
 * reached when a crawl is due). The body has a `text` field, so Slack, Mattermost, Discord (via
 * /slack) and most chat webhooks show it as is, and structured fields for anything else. It never
 * carries a secret: errors are redacted of HF_TOKEN, and the Hub URL cannot hold credentials
 * (lib/env.ts refuses them). Delivery is best effort: one attempt with a timeout, failures logged.
 */
import os from "node:os";
import { redact } from "../hub/redact";
import { USER_AGENT } from "../hub/polite-fetch";
import { formatFull } from "../charts/format";

export const ALERT_TIMEOUT_MS = 10_000;

export interface AlertCrawl {
  id: number | null;
  kind: string;
  status: string;
  reason: string;
  models: number;
  pages: number;
  startedAt: number | null;
  error: string | null;
}

export interface AlertPayload {
  event: "crawl-failed" | "hub-unreachable";
  text: string;
  host: string;
  hub: string;
  at: string;
  crawl: AlertCrawl | null;
  error: string | null;
  /** When the scheduler tries again (ISO), if it will. */
  retryAt: string | null;
}

export function crawlFailedAlert(hub: string, crawl: AlertCrawl, retryAt: number | null, secret?: string): AlertPayload {
  const error = crawl.error ? redact(crawl.error, secret) : null;
  const retry = retryAt ? ` Retrying at ${new Date(retryAt).toISOString()}.` : "";
  return {
    event: "crawl-failed",
    text: `hf-trends on ${os.hostname()}: ${crawl.reason} ${crawl.kind} crawl #${crawl.id ?? "?"} failed after ${formatFull(crawl.models)} models: ${error ?? "unknown error"}.${retry}`,
    host: os.hostname(),
    hub,
    at: new Date().toISOString(),
    crawl: { ...crawl, error },
    error,
    retryAt: retryAt ? new Date(retryAt).toISOString() : null,
  };
}

export function hubUnreachableAlert(hub: string, error: string, kind: string, secret?: string): AlertPayload {
  const e = redact(error, secret);
  return {
    event: "hub-unreachable",
    text: `hf-trends on ${os.hostname()}: a ${kind} crawl is due but the Hub at ${hub} cannot be reached (${e}); retrying.`,
    host: os.hostname(),
    hub,
    at: new Date().toISOString(),
    crawl: null,
    error: e,
    retryAt: null,
  };
}

/** Posts the alert; resolves to an error message when it could not be delivered (never throws). */
export async function sendAlert(url: string, payload: AlertPayload, timeoutMs = ALERT_TIMEOUT_MS): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": USER_AGENT },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `the webhook answered HTTP ${res.status}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Results of runs in visitors' browsers: validation of what the page POSTs, storage, and the
 * success rates the dashboard shows (by model format and by task).
 *
 * What is stored is the model, where it ran (tfjs backend) and how it went (ok or an error class,
 * load and inference times): no address, no user agent, no input, no output. Format and task come
 * from the database when it knows the model (the body's `format` is only used for models typed in
 * and not crawled yet; the task is then unknown).
 */
import { z } from "zod";
import type { Sqlite } from "../../db/index";
import { TFJS_FORMATS } from "../../db/schema";
import type { TableData } from "../charts/types";
import { BACKENDS, OUTCOMES, REPO_ID_RE, type Backend, type Outcome, type TfjsFormat } from "./types";
import { formatFull } from "../charts/format";

/** Longest body accepted, bytes. */
export const MAX_BODY_BYTES = 2_048;
/** Longest timing accepted, ms (an hour: anything longer is not a measurement). */
const MAX_MS = 3_600_000;

export interface ValidResult {
  model: string;
  backend: Backend;
  outcome: Outcome;
  format: TfjsFormat | null;
  loadMs: number | null;
  firstMs: number | null;
  warmMs: number | null;
}

export class BadResult extends Error {
  override name = "BadResult";
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const msField = (field: string) =>
  z.number({ error: `"${field}" must be a number of milliseconds between 0 and ${MAX_MS}` })
    .finite(`"${field}" must be a number of milliseconds between 0 and ${MAX_MS}`)
    .min(0, `"${field}" must be a number of milliseconds between 0 and ${MAX_MS}`)
    .max(MAX_MS, `"${field}" must be a number of milliseconds between 0 and ${MAX_MS}`)
    .transform((v) => Math.round(v * 1000) / 1000)
    .nullish();

/**
 * The body's schema (zod). Strict: an unknown field (an address, a user agent...) is refused, so
 * nothing personal can be stored by accident.
 */
const ResultBody = z
  .object({
    model: z.string({ error: '"model" must be a model id like "author/name"' }).regex(REPO_ID_RE, '"model" must be a model id like "author/name"'),
    backend: z.enum(BACKENDS, { error: `"backend" must be one of ${BACKENDS.join(", ")}` }),
    outcome: z.enum(OUTCOMES, { error: `"outcome" must be one of ${OUTCOMES.join(", ")}` }),
    format: z.enum(TFJS_FORMATS, { error: `"format" must be one of ${TFJS_FORMATS.join(", ")}` }).nullish(),
    loadMs: msField("loadMs"),
    firstMs: msField("firstMs"),
    warmMs: msField("warmMs"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome !== "ok") return;
    for (const field of ["loadMs", "firstMs"] as const) {
      if (b[field] === undefined || b[field] === null) {
        ctx.addIssue({ code: "custom", path: [field], message: `"${field}" is required when "outcome" is "ok" (milliseconds, a number)` });
      }
    }
  });

/** The body as a run result, or BadResult naming the first field that is wrong. */
export function validateResult(raw: unknown): ValidResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new BadResult("body", "the body must be a JSON object");
  const r = ResultBody.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    if (issue.code === "unrecognized_keys") throw new BadResult(issue.keys[0], `unknown field "${issue.keys[0]}"`);
    throw new BadResult(String(issue.path[0] ?? "body"), issue.message);
  }
  const b = r.data;
  return {
    model: b.model, backend: b.backend, outcome: b.outcome, format: b.format ?? null,
    loadMs: b.loadMs ?? null, firstMs: b.firstMs ?? null, warmMs: b.warmMs ?? null,
  };
}

/** Stores one run; format and task from the database when it knows the model. */
export function recordResult(sqlite: Sqlite, r: ValidResult, now = Date.now()): number {
  const known = sqlite
    .prepare<[string, string], { id: number; task: string | null; format: string | null; weightBytes: number | null }>(
      `SELECT m.id AS id, m.pipeline_tag AS task, t.format AS format, t.weight_bytes AS weightBytes
       FROM models m LEFT JOIN tfjs_models t ON t.model_id = m.id WHERE m.repo_id = ? COLLATE NOCASE AND m.repo_id = ?
       ORDER BY m.id LIMIT 1`,
    )
    .get(r.model, r.model);
  const info = sqlite
    .prepare(
      `INSERT INTO runner_results (created_at, repo_id, model_id, format, task, backend, outcome, load_ms, first_ms, warm_ms, weight_bytes)
       VALUES (@createdAt, @repoId, @modelId, @format, @task, @backend, @outcome, @loadMs, @firstMs, @warmMs, @weightBytes)`,
    )
    .run({
      createdAt: Math.floor(now / 1000), repoId: r.model, modelId: known?.id ?? null,
      format: known?.format ?? r.format ?? "unknown", task: known?.task ?? "", backend: r.backend, outcome: r.outcome,
      loadMs: r.loadMs, firstMs: r.firstMs, warmMs: r.warmMs, weightBytes: known?.weightBytes ?? null,
    });
  return Number(info.lastInsertRowid);
}

// ---------------------------------------------------------------------------------------------
// Success rates
// ---------------------------------------------------------------------------------------------

export interface RateRow {
  /** "format" or "task". */
  dimension: "format" | "task";
  /** The format, or the task ("" = no task). */
  value: string;
  runs: number;
  ok: number;
  /** ok / runs x 100. */
  successPct: number;
  /** Median load time of the successful runs, ms (null when none). */
  medianLoadMs: number | null;
  /** The most frequent error class, when any run failed. */
  topError: string | null;
}

export interface RunnerStats {
  runs: number;
  ok: number;
  byFormat: RateRow[];
  byTask: RateRow[];
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** All runs ever recorded, grouped by format and by task (a small table: no rollup needed). */
export function getRunnerStats(sqlite: Sqlite): RunnerStats {
  const rows = sqlite
    .prepare<[], { format: string; task: string; outcome: string; loadMs: number | null }>(
      "SELECT format, task, outcome, load_ms AS loadMs FROM runner_results",
    )
    .all();
  const group = (dimension: "format" | "task", key: (r: (typeof rows)[number]) => string): RateRow[] => {
    const by = new Map<string, (typeof rows)[number][]>();
    for (const r of rows) {
      const k = key(r);
      const list = by.get(k);
      if (list) list.push(r);
      else by.set(k, [r]);
    }
    return [...by].map(([value, list]) => {
      const ok = list.filter((r) => r.outcome === "ok");
      const errors = new Map<string, number>();
      for (const r of list) if (r.outcome !== "ok") errors.set(r.outcome, (errors.get(r.outcome) ?? 0) + 1);
      const topError = [...errors].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
      return {
        dimension, value, runs: list.length, ok: ok.length, successPct: (ok.length / list.length) * 100,
        medianLoadMs: median(ok.map((r) => r.loadMs).filter((x): x is number => x !== null)), topError,
      };
    }).sort((a, b) => b.runs - a.runs || (a.value < b.value ? -1 : 1));
  };
  return {
    runs: rows.length,
    ok: rows.filter((r) => r.outcome === "ok").length,
    byFormat: group("format", (r) => r.format),
    byTask: group("task", (r) => r.task),
  };
}

const FORMAT_LABEL: Record<string, string> = { "layers-model": "LayersModel", "graph-model": "GraphModel", unknown: "format unknown" };

/** The dashboard's table: one row per format, then one per task. */
export function runnerStatsTable(stats: RunnerStats): TableData {
  const row = (r: RateRow) => ({
    key: `${r.dimension}:${r.value}`,
    cells: [
      r.dimension === "format" ? `Format: ${FORMAT_LABEL[r.value] ?? r.value}` : `Task: ${r.value || "no task"}`,
      r.runs, r.ok, Math.round(r.successPct * 10) / 10, r.medianLoadMs === null ? null : Math.round(r.medianLoadMs), r.topError ?? "–",
    ] as (string | number | null)[],
  });
  return {
    id: "runner-success",
    title: "Runs in visitors' browsers: success rate by model format and by task",
    caption: `${formatFull(stats.runs)} runs of TensorFlow.js models on /try, ${formatFull(stats.ok)} of them successful. Each run counts once under its format and once under its task.`,
    caveats: [
      "Only the models people chose to try; cancelled runs and declined large downloads are not counted.",
      "A failure can be the host's (CORS, a lost file) as well as the model's: the most frequent error class is shown.",
    ],
    columns: [
      { key: "group", label: "Format / task", numeric: false },
      { key: "runs", label: "Runs", numeric: true },
      { key: "ok", label: "Succeeded", numeric: true },
      { key: "rate", label: "Success %", numeric: true },
      { key: "load", label: "Median load (ms)", numeric: true },
      { key: "error", label: "Most frequent error", numeric: false },
    ],
    rows: [...stats.byFormat.map(row), ...stats.byTask.map(row)],
    empty: stats.runs === 0 ? "No model has been run in a browser yet (the Try page runs them)." : null,
  };
}

/**
 * /try: run a sampled TensorFlow.js or ONNX model in the browser (docs/runner.md). The server draws
 * the sample (from the models the files passes found runnable, lib/runner/sample.ts) and tells the page where the Hub is and
 * the runner's limits, at request time (HF_ENDPOINT, RUNNER_MAX_MB, RUNNER_TIMEOUT_MS: never
 * baked into the build). Everything else happens in the browser (Playground).
 *
 * URL: ?seed= (the sample; added when missing, so every sample has a link), ?model= (the model
 * shown on the right), ?backend= (auto | wasm | webgl | cpu).
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hubUrl, runnerMaxBytes, runnerTimeoutMs } from "@/lib/env";
import { DatabaseUnavailable, getReadDb } from "@/lib/queries/db";
import { getRunnerStats, runnerStatsTable } from "@/lib/runner/results";
import { listRunnable, lookupStored, newSeed, sampleRunnable } from "@/lib/runner/sample";
import { REPO_ID_RE, SEED_RE, type BackendChoice, type RunnableModel } from "@/lib/runner/types";
import { safely } from "@/lib/queries/safe";
import { TableCard } from "../_components/TableCard";
import { Unavailable } from "../_components/Unavailable";
import { Playground } from "./_components/Playground";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Try a model in your browser" };

type Search = Record<string, string | string[] | undefined>;

const BACKENDS: BackendChoice[] = ["auto", "wasm", "webgl", "cpu"];

function one(v: string | string[] | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export default async function TryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const seed = one(sp.seed);
  if (!seed || !SEED_RE.test(seed)) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && k !== "seed") q.set(k, v);
    q.set("seed", newSeed());
    redirect(`/try?${q.toString()}`);
  }
  const backendRaw = one(sp.backend) ?? "auto";
  const backend: BackendChoice = (BACKENDS as string[]).includes(backendRaw) ? (backendRaw as BackendChoice) : "auto";
  const repoRaw = one(sp.model)?.trim() ?? "";
  const repo = REPO_ID_RE.test(repoRaw) ? repoRaw : null;

  let sqlite;
  try {
    sqlite = getReadDb();
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return <Unavailable message={err.message} />;
    throw err;
  }
  const all = listRunnable(sqlite);
  const sample = sampleRunnable(all, seed);
  let initialModel: RunnableModel | null = null;
  if (repo) {
    const stored = lookupStored(sqlite, repo);
    if (stored.kind === "runnable" && stored.fresh) initialModel = stored.model;
  }
  const stats = safely("runnerStats", () => runnerStatsTable(getRunnerStats(sqlite)));
  const config = { hubUrl: hubUrl(), maxBytes: runnerMaxBytes(), timeoutMs: runnerTimeoutMs() };

  return (
    <main className="page">
      <div className="page-head">
        <h1>Try a model in your browser</h1>
        <p className="caption">
          Most models on the Hub need Python and a server; TensorFlow.js models and ONNX graphs run in a web page. Pick one of the sample
          (or type any model id): its files are downloaded from the Hub into this page and it runs here, on your machine, with
          TensorFlow.js or ONNX Runtime. Only an anonymous record of how the run went (model, runtime, backend, success or error,
          timings) is sent back, for the success rates below.
        </p>
      </div>
      <Playground config={config} sample={sample} seed={seed} backend={backend} initialModel={initialModel} initialRepo={repo} runnable={all.length} />
      <h2 className="section-title">How runs go</h2>
      {stats.data ? <TableCard data={stats.data} /> : <div className="state error">{stats.error}</div>}
    </main>
  );
}

"use client";
/**
 * The sticky filter bar shared by the trend pages. Every change pushes a new URL (back-button
 * safe, shareable); the server re-renders from it. The URL is built by lib/url-state.ts only.
 */
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { lensFrameworks } from "@/lib/frameworks/lenses";
import { MAX_FRAMEWORKS, toSearchParams, withChanges, type Bucket, type ViewState } from "@/lib/url-state";
import { addMonths } from "@/lib/charts/periods";

/** The opt-in series (url-state `buckets`): off by default so the picked frameworks set the scale. */
const BUCKET_LABELS: { id: Bucket; label: string; title: string }[] = [
  { id: "other", label: "Other", title: "Models with a tracked framework but none of those picked" },
  { id: "none", label: "No framework", title: "Models with no framework at all" },
  { id: "neither", label: "Neither", title: "Models with neither of the pair (the exclusive lens)" },
];

export interface FilterBarProps {
  state: ViewState;
  asOfDate: string | null;
  tasks: { value: string; models: number }[];
  libraries: { value: string; models: number }[];
  /** Which groups to show (the framework page has no framework chips or lens). */
  show?: { frameworks?: boolean; lens?: boolean; toggles?: boolean };
  note?: string;
}

const PRESETS: { label: string; months: number | null }[] = [
  { label: "3M", months: 3 }, { label: "6M", months: 6 }, { label: "1Y", months: 12 }, { label: "2Y", months: 24 }, { label: "All", months: null },
];

export function FilterBar({ state, asOfDate, tasks, libraries, show = { frameworks: true, lens: true, toggles: true }, note }: FilterBarProps) {
  const router = useRouter();
  const path = usePathname() ?? "/";
  const [pending, start] = useTransition();
  const [author, setAuthor] = useState(state.author ?? "");
  const [from, setFrom] = useState(state.from ?? "");
  const [to, setTo] = useState(state.to ?? "");
  // When the URL's values change (navigation), the inputs follow: adjusted during render, React's
  // pattern for state derived from props, rather than in an effect (one extra render pass).
  const urlValues = `${state.author ?? ""}\n${state.from ?? ""}\n${state.to ?? ""}`;
  const [shown, setShown] = useState(urlValues);
  if (shown !== urlValues) {
    setShown(urlValues);
    setAuthor(state.author ?? "");
    setFrom(state.from ?? "");
    setTo(state.to ?? "");
  }

  const go = (changes: Partial<ViewState>) => {
    const qs = toSearchParams(withChanges(state, changes)).toString();
    start(() => router.push(qs ? `${path}?${qs}` : path, { scroll: false }));
  };
  const preset = (months: number | null) => {
    if (months === null || !asOfDate) return go({ from: null, to: null });
    go({ from: addMonths(asOfDate.slice(0, 8) + "01", -months), to: null });
  };
  const activePreset = PRESETS.find((p) =>
    p.months === null ? !state.from && !state.to : !!asOfDate && !state.to && state.from === addMonths(asOfDate.slice(0, 8) + "01", -p.months),
  );
  // The frameworks of the view's lens (basis): safetensors is only a choice in the tag lens.
  const FRAMEWORKS = lensFrameworks(state.basis);
  const unselected = FRAMEWORKS.filter((f) => !state.frameworks.includes(f.id));

  return (
    <div className="filter-bar" data-testid="filter-bar" aria-busy={pending}>
      <div className="filter-inner">
        <div className="fgroup" role="group" aria-label="Count by">
          <span className="flabel">Count by</span>
          <span className="seg">
            <button type="button" aria-pressed={state.basis === "framework"} onClick={() => go({ basis: "framework" })} data-testid="basis-framework" title="The framework a model is for, inferred from its tags and library (see Methodology)">framework</button>
            <button type="button" aria-pressed={state.basis === "tags"} onClick={() => go({ basis: "tags" })} data-testid="basis-tags" title="The weight files the Hub's tags describe (the pytorch tag = .bin / .pt files)">weight-file tags</button>
          </span>
        </div>
        {show.frameworks !== false && (
          <div className="fgroup" role="group" aria-label="Frameworks compared">
            <span className="flabel">Frameworks</span>
            {state.frameworks.map((id) => {
              const f = FRAMEWORKS.find((x) => x.id === id)!;
              return (
                <span className="chip" key={id} data-testid="framework-chip" data-framework={id}>
                  <span className="swatch" style={{ background: f.color }} aria-hidden="true" />
                  {f.name}
                  <button type="button" aria-label={`Remove ${f.name}`} disabled={state.frameworks.length <= (state.lens === "exclusive" ? 2 : 1)} onClick={() => go({ frameworks: state.frameworks.filter((x) => x !== id) })}>×</button>
                </span>
              );
            })}
            <select aria-label="Add a framework" value="" disabled={state.frameworks.length >= MAX_FRAMEWORKS} onChange={(e) => e.target.value && go({ frameworks: [...state.frameworks, e.target.value] })}>
              <option value="">+ Add</option>
              {unselected.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
            </select>
          </div>
        )}
        <div className="fgroup" role="group" aria-label="Date range">
          <span className="flabel">Range</span>
          <span className="seg">
            {PRESETS.map((p) => (
              <button key={p.label} type="button" aria-pressed={activePreset === p} onClick={() => preset(p.months)} disabled={p.months !== null && !asOfDate}>{p.label}</button>
            ))}
          </span>
          <input type="date" aria-label="From (UTC)" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} onBlur={() => from !== (state.from ?? "") && go({ from: from || null })} onKeyDown={(e) => e.key === "Enter" && go({ from: from || null })} />
          <span className="muted">to</span>
          <input type="date" aria-label="To (UTC)" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} onBlur={() => to !== (state.to ?? "") && go({ to: to || null })} onKeyDown={(e) => e.key === "Enter" && go({ to: to || null })} />
        </div>
        <div className="fgroup">
          <span className="flabel">Per</span>
          <select aria-label="Granularity" value={state.granularity} onChange={(e) => go({ granularity: e.target.value as ViewState["granularity"] })} data-testid="granularity">
            <option value="week">week</option>
            <option value="month">month</option>
            <option value="quarter">quarter</option>
          </select>
        </div>
        <div className="fgroup">
          <span className="flabel">Task</span>
          <select aria-label="Task" value={state.task ?? ""} onChange={(e) => go({ task: e.target.value || null })}>
            <option value="">all tasks</option>
            {state.task && !tasks.some((t) => t.value === state.task) && <option value={state.task}>{state.task}</option>}
            {tasks.map((t) => <option key={t.value} value={t.value}>{t.value}</option>)}
          </select>
        </div>
        <div className="fgroup">
          <span className="flabel">Library</span>
          <select aria-label="Library" value={state.library ?? ""} onChange={(e) => go({ library: e.target.value || null })}>
            <option value="">all libraries</option>
            {state.library && !libraries.some((t) => t.value === state.library) && <option value={state.library}>{state.library}</option>}
            {libraries.map((t) => <option key={t.value} value={t.value}>{t.value}</option>)}
          </select>
        </div>
        <div className="fgroup">
          <span className="flabel">Author</span>
          <input className="filter-input" aria-label="Author" placeholder="any author" value={author} onChange={(e) => setAuthor(e.target.value)} onKeyDown={(e) => e.key === "Enter" && go({ author: author.trim() || null })} onBlur={() => author.trim() !== (state.author ?? "") && go({ author: author.trim() || null })} />
        </div>
        {show.lens !== false && (
          <div className="fgroup" role="group" aria-label="Lens">
            <span className="flabel">Lens</span>
            <span className="seg">
              {(["models", "downloads", "exclusive"] as const).map((l) => (
                <button key={l} type="button" aria-pressed={state.lens === l} onClick={() => go({ lens: l, frameworks: l === "exclusive" && state.frameworks.length < 2 ? [...state.frameworks, FRAMEWORKS.find((f) => !state.frameworks.includes(f.id))!.id] : state.frameworks })} data-testid={`lens-${l}`}>{l}</button>
              ))}
            </span>
          </div>
        )}
        {show.toggles !== false && (
          <div className="fgroup" role="group" aria-label="Display">
            <span className="seg">
              <button type="button" aria-pressed={state.mode === "absolute"} onClick={() => go({ mode: "absolute" })} data-testid="mode-absolute">Absolute</button>
              <button type="button" aria-pressed={state.mode === "share"} onClick={() => go({ mode: "share" })} data-testid="mode-share">Share</button>
            </span>
            <button type="button" aria-pressed={state.scale === "log"} disabled={state.mode === "share"} title={state.mode === "share" ? "No log scale in share mode (shares are 0-100%)" : "Logarithmic y axis"} onClick={() => go({ scale: state.scale === "log" ? "linear" : "log" })} data-testid="toggle-log">Log</button>
            <button type="button" aria-pressed={state.view === "cumulative"} onClick={() => go({ view: state.view === "cumulative" ? "new" : "cumulative" })} data-testid="toggle-cumulative">Cumulative</button>
          </div>
        )}
        {show.toggles !== false && (
          <div className="fgroup" role="group" aria-label="Extra series">
            <span className="flabel">Also draw</span>
            {BUCKET_LABELS.filter((b) => (b.id === "neither") === (state.lens === "exclusive")).map((b) => (
              <button key={b.id} type="button" aria-pressed={state.buckets.includes(b.id)} title={b.title} onClick={() => go({ buckets: state.buckets.includes(b.id) ? state.buckets.filter((x) => x !== b.id) : [...state.buckets, b.id] })} data-testid={`bucket-${b.id}`}>{b.label}</button>
            ))}
          </div>
        )}
        {note && <p className="filter-note">{note}{pending ? " · updating…" : ""}</p>}
      </div>
    </div>
  );
}

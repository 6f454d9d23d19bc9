"use client";
import { useSyncExternalStore } from "react";

type Theme = "system" | "light" | "dark";
const KEY = "hf-trends-theme";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

// The theme lives in localStorage; "hf-theme" (dispatched on each change) is the store's signal.
function subscribe(onChange: () => void): () => void {
  window.addEventListener("hf-theme", onChange);
  return () => window.removeEventListener("hf-theme", onChange);
}
function stored(): Theme {
  const t = localStorage.getItem(KEY);
  return t === "light" || t === "dark" ? t : "system";
}

/** Cycles system -> light -> dark; charts listen for the "hf-theme" event to recolour their axes. */
export function ThemeToggle() {
  // The server (and the first client render) say "system"; the stored choice follows on hydration.
  const theme = useSyncExternalStore(subscribe, stored, () => "system" as Theme);
  const apply = (t: Theme) => {
    if (t === "system") {
      localStorage.removeItem(KEY);
      document.documentElement.removeAttribute("data-theme");
    } else {
      localStorage.setItem(KEY, t);
      document.documentElement.setAttribute("data-theme", t);
    }
    window.dispatchEvent(new Event("hf-theme"));
  };
  return (
    <button type="button" onClick={() => apply(NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`} title="Theme">
      {theme === "system" ? "◐ Auto" : theme === "light" ? "☀ Light" : "☾ Dark"}
    </button>
  );
}

"use client";
import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const KEY = "hf-trends-theme";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

/** Cycles system -> light -> dark; charts listen for the "hf-theme" event to recolour their axes. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const t = localStorage.getItem(KEY);
    if (t === "light" || t === "dark") setTheme(t);
  }, []);
  const apply = (t: Theme) => {
    setTheme(t);
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

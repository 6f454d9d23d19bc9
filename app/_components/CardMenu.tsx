"use client";
import { useEffect, useRef, useState } from "react";

export interface MenuItem {
  label: string;
  action: () => void | Promise<void>;
  testId: string;
}

/** The card's own menu (CSV, JSON, PNG, copy link). */
export function CardMenu({ items, title }: { items: MenuItem[]; title: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} aria-label={`Export ${title}`} onClick={() => setOpen(!open)} data-testid="card-menu">
        ⋯ Export
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {items.map((it) => (
            <button key={it.label} type="button" role="menuitem" data-testid={it.testId} onClick={async () => { setOpen(false); await it.action(); }}>
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/frameworks", label: "Frameworks" },
  { href: "/models", label: "Models" },
  { href: "/try", label: "Try" },
  { href: "/crawls", label: "Crawls" },
  { href: "/methodology", label: "Methodology" },
];

export function NavLinks() {
  const path = usePathname() ?? "/";
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map((l) => {
        const active = l.href === "/" ? path === "/" : path === l.href || path.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={active ? "page" : undefined} prefetch={false}>
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}

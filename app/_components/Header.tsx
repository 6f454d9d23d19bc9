import Link from "next/link";
import { NavLinks } from "./NavLinks";
import { StatusLine } from "./StatusLine";
import { ThemeToggle } from "./ThemeToggle";
import { readStatusSafe } from "@/lib/views/status";

/** The shared header: product, navigation, "data as of" with a live dot (amber while a crawl runs). */
export function Header() {
  const status = readStatusSafe();
  return (
    <header className="site-header">
      <Link href="/" className="brand">hf-trends</Link>
      <NavLinks />
      <div className="header-right">
        <StatusLine initial={status} />
        <ThemeToggle />
      </div>
    </header>
  );
}

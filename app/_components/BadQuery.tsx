import Link from "next/link";
import type { ParamError } from "@/lib/url-state";

/** A URL the parser refused: which parameter, why, and a way back. */
export function BadQuery({ error, path }: { error: ParamError; path: string }) {
  return (
    <main className="page">
      <div className="banner" role="alert" data-testid="bad-query">
        <strong>This link has a parameter the dashboard cannot read: <code>{error.param}</code>.</strong>
        <br />
        {error.message}.
        <br />
        <Link href={path}>Open the default view</Link> or fix the parameter in the address bar.
      </div>
    </main>
  );
}

import Link from "next/link";
import type { ParamError } from "@/lib/url-state";

/**
 * A banner over a page whose URL had parameters the parser refused: each one named with why. The
 * page below it shows the valid rest of the view (the bad parameters are left at their defaults).
 */
export function BadQuery({ errors, path }: { errors: ParamError[]; path: string }) {
  if (errors.length === 0) return null;
  return (
    <div className="banner" role="alert" data-testid="bad-query">
      <strong>
        {errors.length === 1 ? "This link has a parameter the dashboard cannot read: " : "This link has parameters the dashboard cannot read: "}
        {errors.map((e, i) => <span key={`${e.param}-${i}`}>{i > 0 && ", "}<code>{e.param}</code></span>)}
        . It is ignored (its default is shown).
      </strong>
      <ul>
        {errors.map((e, i) => <li key={i}>{e.message}.</li>)}
      </ul>
      <Link href={path}>Open the default view</Link> or fix the parameter in the address bar.
    </div>
  );
}

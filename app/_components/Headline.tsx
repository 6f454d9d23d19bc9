import type { HeadlinePart } from "@/lib/queries/headline";

/** The answer in words; each number links to the chart it comes from. */
export function Headline({ parts }: { parts: HeadlinePart[] }) {
  return (
    <p className="headline" data-testid="headline">
      {parts.map((p, i) => (p.href ? <a key={i} href={p.href}>{p.text}</a> : <span key={i}>{p.text}</span>))}
    </p>
  );
}

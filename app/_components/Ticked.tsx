/** Text whose `backticked` spans (tag names in lib/frameworks/config.ts notes) render as code, not literal backticks. */
export function Ticked({ text }: { text: string }) {
  const parts = text.split("`");
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <span key={i}>{p}</span>))}</>;
}

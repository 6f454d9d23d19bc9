import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <div className="info" data-testid="not-found">
        <h1>Not found</h1>
        <p>There is no such page, framework or model in this data. Try the <Link href="/models">model search</Link> or the <Link href="/">overview</Link>.</p>
      </div>
    </main>
  );
}

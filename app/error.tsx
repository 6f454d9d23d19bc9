"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="page">
      <div className="banner" role="alert">
        <strong>Something went wrong while building this page.</strong> The server logged the details.{" "}
        <button type="button" onClick={() => reset()}>Try again</button>
      </div>
    </main>
  );
}

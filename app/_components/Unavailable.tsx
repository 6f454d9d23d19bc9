/** The database cannot be opened: say so and what to do. */
export function Unavailable({ message }: { message: string }) {
  return (
    <main className="page">
      <div className="banner" role="alert" data-testid="db-unavailable">
        <strong>The data is not available.</strong> {message}
        <br />
        Set <code>DATABASE_PATH</code> to the crawled database, run <code>npm run crawl</code>, or try <code>npm run demo</code> for an offline demo.
      </div>
    </main>
  );
}

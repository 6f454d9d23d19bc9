import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // Server-only modules (SQLite, tokens) throw when imported outside Next's server bundle;
      // tests run them in Node, as the server does, so they get the package's server build.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // Crawl tests spawn child processes and real servers on loopback: give them room on a
    // shared 2-core machine instead of failing on a slow moment.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});

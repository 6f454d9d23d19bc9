import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // better-sqlite3 is on Next's automatic serverExternalPackages list; nothing to add for it.
  // Tests build into their own directory so a build there never collides with a developer's .next.
  distDir: process.env.HF_TRENDS_DIST_DIR || ".next",
  poweredByHeader: false,
  // The build type-checks the web app's code only; scripts and tests are checked by \`tsc --noEmit -p .\`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  reactStrictMode: true,
};

export default nextConfig;

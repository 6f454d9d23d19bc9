import type { NextConfig } from "next";
import { API_CSP, COMMON_HEADERS } from "./lib/ops/security-headers";

const common = Object.entries(COMMON_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // better-sqlite3 is on Next's automatic serverExternalPackages list; nothing to add for it.
  // Tests build into their own directory so a build there never collides with a developer's .next.
  distDir: process.env.HF_TRENDS_DIST_DIR || ".next",
  poweredByHeader: false,
  // The build type-checks the web app's code only; scripts and tests are checked by \`tsc --noEmit -p .\`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  reactStrictMode: true,
  // Security headers on every response, static files included; pages get their CSP from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: common },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;

// ESLint 9 flat config: the Next.js rules (core web vitals, React, hooks, a11y, import) plus
// typescript-eslint's recommended set, over the whole repository. `npm run lint` fails on any
// warning (--max-warnings 0), and .ci/run runs it beside the tests.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // An unused binding is a finding, except the `_name` convention for a deliberately ignored
      // argument or destructured rest.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // CommonJS preloads (node --require, loaded before any TypeScript loader): require() is how they import.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Build output, generated files and local data: not source.
    ignores: [
      ".next/**", ".next-test/**", ".next-bench/**", ".bench/**", "data/**", "node_modules/**",
      "public/tfjs-wasm/**", "tests/artifacts/**", "db/migrations/**", "next-env.d.ts",
    ],
  },
];

export default config;

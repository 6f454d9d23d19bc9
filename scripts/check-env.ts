/**
 * npm run start:web runs this before `next start`: every environment variable validated once
 * (lib/env.ts), so a bad ADMIN_TOKEN or cron stops the web server at start with a clear message
 * and exit 2, not at the first request that reads it. `npm start` and the CLIs validate by themselves.
 */
import { ConfigError, validateEnv } from "../lib/env";
import { EXIT } from "../lib/cli/args";

try {
  validateEnv();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`hf-trends: ${err.message.split("\n").join("\nhf-trends: ")}\n`);
  process.exit(EXIT.usage);
}

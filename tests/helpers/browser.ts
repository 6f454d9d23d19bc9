/**
 * Real Chromium through playwright-core, using the system's browser (Debian: /usr/bin/chromium,
 * or CHROMIUM_PATH). Never downloads a browser. When none is found the tests fail with the
 * install instruction (docs/decisions.md: never skip).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error("Chromium not found: install it with `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH to a Chromium/Chrome binary.");
  }
  return found;
}

export async function launchBrowser(opts: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hf-trends-chromium-"));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    acceptDownloads: true,
    colorScheme: opts.colorScheme ?? "light",
    viewport: opts.viewport ?? { width: 1400, height: 1000 },
  });
  const close = ctx.close.bind(ctx);
  ctx.close = async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return ctx;
}

/** Placeholder replaced below. */
import type { BrowserRuntime } from "./runtime";
export const runtime: BrowserRuntime = null as never;

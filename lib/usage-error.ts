/**
 * A command or function called with bad arguments (a malformed flag, options that cannot go
 * together): the CLIs print its message and exit with code 2. It sits in the lowest layer so the
 * crawl can reject an option combination without importing the CLI layer (docs/architecture.md).
 */
export class UsageError extends Error {
  override name = "UsageError";
}

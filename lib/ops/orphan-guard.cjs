/*
 * Preloaded (node --require) into the children of `npm start`: a child whose parent died without
 * forwarding a signal (SIGKILL, OOM) stops itself gracefully instead of running on as an orphan
 * (a scheduler crawling with nobody supervising it, a web server holding the port). Linux has no
 * portable "die with parent" for node, so the parent pid is polled. Plain CommonJS: it must load
 * before any TypeScript loader.
 *
 * The child's stdout and stderr are pipes to that parent: once it is gone, every log line would
 * fail with EPIPE and crash the child in the middle of its graceful stop. Those errors are ignored.
 */
"use strict";
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code !== "EPIPE") process.nextTick(() => { throw err; });
  });
}
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM");
  }
}, 1000);
timer.unref();

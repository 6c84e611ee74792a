// Preloaded (--import) into every process the benchmark starts: a process whose parent, the
// benchmark, is gone (even killed with SIGKILL, which no handler of its own sees) stops itself
// with SIGTERM, so it shuts down as it would on Ctrl-C (and writes its --cpu-prof profile).
//
// A process whose main thread is blocked for good runs no handler at all: a bench team server
// was found alive hours after its run was stopped, its main thread waiting in Atomics.wait for
// tsx's module-loader thread, which never answered. A thread of its own, without the loaders,
// kills such a process outright when it is still there 10 s after its parent went.
import { Worker } from "node:worker_threads";

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
}, 1000).unref();

new Worker(
  `const parent = ${parent};
  let goneAt = 0;
  setInterval(() => {
    if (process.ppid === parent) return;
    goneAt ||= Date.now();
    if (Date.now() - goneAt > 10_000) process.kill(process.pid, "SIGKILL");
  }, 1000);`,
  { eval: true, execArgv: [] },
).unref();

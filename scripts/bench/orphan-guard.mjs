// Preloaded (--import) into every process the benchmark starts: a process whose parent, the
// benchmark, is gone (even killed with SIGKILL, which no handler of its own sees) stops itself
// with SIGTERM, so it shuts down as it would on Ctrl-C (and writes its --cpu-prof profile).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
}, 1000).unref();

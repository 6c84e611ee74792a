// Where this process is in its life, shared by the custom server (which moves it along) and the
// health routes (which report it to load balancers and Kubernetes). Like lib/runtime.ts, it lives
// on globalThis: the server and Next's route handlers are bundled apart but run in one process.
export type LifecyclePhase = "starting" | "serving" | "draining";

const GLOBAL_KEY = Symbol.for("elf-cc.lifecycle");
type Holder = { [GLOBAL_KEY]?: LifecyclePhase };

export function setLifecyclePhase(phase: LifecyclePhase): void {
  (globalThis as Holder)[GLOBAL_KEY] = phase;
}

export function getLifecyclePhase(): LifecyclePhase {
  return (globalThis as Holder)[GLOBAL_KEY] ?? "starting";
}

// Counts kept by code that runs in Next's module graph (route handlers), read by the custom
// server's /metrics. Like lib/runtime.ts they live on globalThis: both graphs share one process.
export type ProcessGauge = "event_stream_clients";

const GLOBAL_KEY = Symbol.for("elf-cc.process-gauges");
type Holder = { [GLOBAL_KEY]?: Map<ProcessGauge, number> };

function gauges(): Map<ProcessGauge, number> {
  return ((globalThis as Holder)[GLOBAL_KEY] ??= new Map());
}

export function adjustProcessGauge(name: ProcessGauge, by: number): void {
  gauges().set(name, (gauges().get(name) ?? 0) + by);
}

export function readProcessGauge(name: ProcessGauge): number {
  return gauges().get(name) ?? 0;
}

// What `npm run bench:relay` prints and keeps: the figures of one run, the ratios against the
// issue's goals, a projection for 50,000 idle sessions, and the comparison with the last run
// (bench-results/relay.json).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import path from "node:path";
import { ROOT } from "@/test/support/node-process";
import type { CpuTimes } from "./cpu";

export interface Percentiles {
  p50: number;
  p99: number;
  n: number;
}

export interface LatencyRow {
  sessions: number;
  direct?: Percentiles;
  relay?: Percentiles;
  unfinished: string[];
}

export interface IdleResult {
  requested: number;
  opened: number;
  failed: number;
  reasons: Record<string, number>;
  generators: number;
  seconds: number;
  perSecond: number;
  /** ms of CPU per session opened, per process. */
  cpuPerOpenMs?: CpuTimes;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
  rssPerSessionKiB: number;
  heapPerSessionKiB: number;
  externalPerSessionKiB: number;
  notes: string[];
}

export interface RunResult {
  at: string;
  conditions: Record<string, unknown>;
  latency: LatencyRow[];
  throughput?: {
    direct: number;
    relay: number;
    ratio: number;
    /** ms of CPU per message, per process, on each path. */
    cpu?: { direct: CpuTimes; relay: CpuTimes };
  };
  idle?: IdleResult;
  goals: Goal[];
  unfinished: string[];
}

export interface Goal {
  name: string;
  value: number | null;
  goal: string;
  pass: boolean;
}

export const RESULTS_FILE = path.join(ROOT, "bench-results/relay.json");
/** Descriptors a Control Center process keeps for itself (database pool, listeners, files). */
const RESERVED_FILES = 1_000;
export const OPEN_FILE_LIMIT = 20_000;

const fixed = (n: number | undefined, digits = 2) => (n === undefined ? "—" : n.toFixed(digits));
const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : undefined);

export function printLatency(rows: LatencyRow[]): void {
  console.log(
    "| sessions | direct p50 | direct p99 | relay p50 | relay p99 | relay/direct p50 | relay/direct p99 |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const cells = [
      row.sessions.toLocaleString("en"),
      fixed(row.direct?.p50),
      fixed(row.direct?.p99),
      fixed(row.relay?.p50),
      fixed(row.relay?.p99),
      `${fixed(ratio(row.relay?.p50, row.direct?.p50))}×`,
      `${fixed(ratio(row.relay?.p99, row.direct?.p99))}×`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  for (const row of rows)
    for (const note of row.unfinished) console.log(`  ${row.sessions} sessions: ${note}`);
}

/** Where a message's CPU goes on each path of the throughput phase, and the sum. */
export function printCpu(cpu: { direct: CpuTimes; relay: CpuTimes }): void {
  const names = [...new Set([...Object.keys(cpu.relay), ...Object.keys(cpu.direct)])];
  const total = (times: CpuTimes) => Object.values(times).reduce((a, b) => a + b, 0);
  console.log("\nCPU per message in the throughput phase (ms, user + system, from /proc):\n");
  console.log(`| path | ${names.join(" | ")} | all |`);
  console.log(`|---|${names.map(() => "---:").join("|")}|---:|`);
  for (const path of ["direct", "relay"] as const)
    console.log(
      `| ${path} | ${names.map((n) => fixed(cpu[path][n])).join(" | ")} | ${fixed(total(cpu[path]))} |`,
    );
}

export function goalsOf(result: Omit<RunResult, "goals">, idleRequested: number): Goal[] {
  const goals: Goal[] = [];
  // The goal is stated at 1,000 sessions; a smaller run is judged at its largest level.
  const top = result.latency.filter((r) => r.direct && r.relay).at(-1);
  if (top) {
    const at = `at ${top.sessions.toLocaleString("en")} sessions`;
    const p50 = ratio(top.relay?.p50, top.direct?.p50)!;
    const p99 = ratio(top.relay?.p99, top.direct?.p99)!;
    goals.push({
      name: `relay p50 / direct p50 ${at}`,
      value: p50,
      goal: "≤ 1.5",
      pass: p50 <= 1.5,
    });
    goals.push({ name: `relay p99 / direct p99 ${at}`, value: p99, goal: "≤ 2", pass: p99 <= 2 });
  } else goals.push({ name: "latency", value: null, goal: "measured", pass: false });
  const t = result.throughput;
  goals.push({
    name: "throughput relay / direct (100 sessions back to back)",
    value: t?.ratio ?? null,
    goal: "≥ 0.8",
    pass: (t?.ratio ?? 0) >= 0.8,
  });
  const idle = result.idle;
  goals.push({
    name: "sessions opened per second",
    value: idle?.perSecond ?? null,
    goal: "≥ 2,000",
    pass: (idle?.perSecond ?? 0) >= 2000,
  });
  goals.push({
    name: "RSS per idle session (KiB)",
    value: idle?.rssPerSessionKiB ?? null,
    goal: "≤ 40",
    pass: idle !== undefined && idle.rssPerSessionKiB <= 40,
  });
  goals.push({
    name: "idle sessions held by one process",
    value: idle?.opened ?? null,
    goal: `all ${idleRequested.toLocaleString("en")} requested`,
    pass: idle !== undefined && idle.opened === idle.requested,
  });
  return goals;
}

export function printGoals(goals: Goal[]): void {
  console.log("\nGoals (ratios within this run):");
  for (const g of goals)
    console.log(
      `  ${g.pass ? "PASS" : "MISS"}  ${g.name}: ${g.value === null ? "not measured" : +g.value.toFixed(2)} (goal ${g.goal})`,
    );
}

/** 50,000 idle sessions: how many Control Center processes the open-file limit asks for, and their memory. */
export function printProjection(idle: IdleResult): void {
  const perProcess = OPEN_FILE_LIMIT - RESERVED_FILES;
  const processes = Math.ceil(50_000 / perProcess);
  const sessionsEach = Math.ceil(50_000 / processes);
  const base = idle.rssBeforeMiB;
  const each = base + (sessionsEach * idle.rssPerSessionKiB) / 1024;
  console.log(
    `Projection for 50,000 idle sessions: ${processes} Control Center processes (≤ ${perProcess.toLocaleString("en")} sockets each by the ${OPEN_FILE_LIMIT.toLocaleString("en")}-descriptor limit), ` +
      `~${Math.round(each)} MiB RSS each (${Math.round(base)} MiB base + ${sessionsEach.toLocaleString("en")} × ${idle.rssPerSessionKiB.toFixed(1)} KiB), ~${Math.round(each * processes)} MiB in all; ` +
      `${Math.ceil(50_000 / 9_500)} load-generator processes`,
  );
}

async function readLast(): Promise<RunResult | null> {
  try {
    return JSON.parse(await readFile(RESULTS_FILE, "utf8")) as RunResult;
  } catch {
    return null;
  }
}

function figures(r: RunResult): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const row of r.latency) {
    out[`${row.sessions} sessions relay/direct p50`] = ratio(row.relay?.p50, row.direct?.p50);
    out[`${row.sessions} sessions relay/direct p99`] = ratio(row.relay?.p99, row.direct?.p99);
    out[`${row.sessions} sessions relay p50 (ms)`] = row.relay?.p50;
    out[`${row.sessions} sessions relay p99 (ms)`] = row.relay?.p99;
  }
  out["throughput relay/direct"] = r.throughput?.ratio;
  out["throughput relay (msg/s)"] = r.throughput?.relay;
  for (const [name, ms] of Object.entries(r.throughput?.cpu?.relay ?? {}))
    out[`relay CPU per message, ${name} (ms)`] = ms;
  out["sessions opened per second"] = r.idle?.perSecond;
  for (const [name, ms] of Object.entries(r.idle?.cpuPerOpenMs ?? {}))
    out[`CPU per session opened, ${name} (ms)`] = ms;
  out["RSS per idle session (KiB)"] = r.idle?.rssPerSessionKiB;
  out["heap per idle session (KiB)"] = r.idle?.heapPerSessionKiB;
  return out;
}

/** Prints the comparison with the last run, then keeps this one as the next run's last. */
export async function compareAndSave(result: RunResult): Promise<void> {
  const last = await readLast();
  if (last) {
    console.log(`\nCompared with the last run (${last.at}):`);
    const before = figures(last);
    for (const [name, now] of Object.entries(figures(result))) {
      const then = before[name];
      if (now === undefined || then === undefined) continue;
      const change = then ? ((now - then) / then) * 100 : 0;
      console.log(
        `  ${name}: ${+then.toFixed(2)} → ${+now.toFixed(2)} (${change >= 0 ? "+" : ""}${change.toFixed(0)}%)`,
      );
    }
  } else console.log("\nNo earlier run to compare with.");
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Results written to ${path.relative(ROOT, RESULTS_FILE)}`);
}

export function conditions(extra: Record<string, unknown>): Record<string, unknown> {
  return { cores: cpus().length, node: process.version, ...extra };
}

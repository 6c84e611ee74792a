// CPU time spent by each process of a benchmark phase, from Linux's /proc: where a relayed
// message's cost goes (Control Center, PostgreSQL, Redis when in the path, team server, load
// generator), in ms of CPU per message.
// CPU time is a steadier measure than messages per second on a shared machine: it does not count
// the time a process waited for a core.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createClient } from "redis";
import { within } from "./deadline";

/**
 * The processes to account for, by name (several pids under one name are summed); PostgreSQL
 * counts its postmaster and every child of it.
 */
export interface CpuTargets {
  processes: Record<string, number | (number | undefined)[] | undefined>;
  postmaster?: number;
}

/** ms of CPU (user + system) per process name. */
export type CpuTimes = Record<string, number>;

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** Its own user + system time, in ticks. */
  own: number;
  /** The user + system time of its children that have exited and been waited for, in ticks. */
  reaped: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // gone, or not Linux
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const n = (i: number) => Number(fields[i - 3]);
  return { ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
}

const ms = (ticks: number) => (ticks * 1000) / ticksPerSecond;

/** The CPU used so far by each target; PostgreSQL's includes backends that have exited. */
export function readCpu(targets: CpuTargets): CpuTimes {
  const times: CpuTimes = {};
  for (const [name, pids] of Object.entries(targets.processes)) {
    const stats = [pids]
      .flat()
      .map((pid) => (pid === undefined ? null : readStat(pid)))
      .filter((stat) => stat !== null);
    if (stats.length) times[name] = ms(stats.reduce((sum, stat) => sum + stat.own, 0));
  }
  if (targets.postmaster !== undefined) {
    const postmaster = readStat(targets.postmaster);
    if (postmaster) {
      let ticks = postmaster.own + postmaster.reaped;
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        const child = readStat(Number(entry));
        if (child?.ppid === targets.postmaster) ticks += child.own;
      }
      times.PostgreSQL = ms(ticks);
    }
  }
  return times;
}

/** CPU per message (or per session opened) between two readings, per target, in ms. */
export function cpuPer(before: CpuTimes, after: CpuTimes, count: number): CpuTimes {
  const per: CpuTimes = {};
  for (const [name, end] of Object.entries(after)) {
    const start = before[name];
    if (start !== undefined && count > 0) per[name] = (end - start) / count;
  }
  return per;
}

/**
 * The postmaster of a PostgreSQL backend running on this machine (its parent), or undefined when
 * the backend is not a local PostgreSQL process (a server elsewhere, or not Linux).
 */
export function postmasterOf(backendPid: number): number | undefined {
  return isCommand(backendPid, "postgres") ? readStat(backendPid)?.ppid : undefined;
}

/**
 * The process of a Redis server running on this machine (from its INFO), or undefined when it runs
 * elsewhere, or cannot be asked.
 */
export async function redisPidOf(url: string): Promise<number | undefined> {
  const { hostname } = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(hostname)) return undefined;
  const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on("error", () => {}); // reported by connect() or info()
  try {
    const info = await within(
      3_000,
      client.connect().then(() => client.info("server")),
      "Redis's INFO",
    );
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    // In a container the pid is the container's own: only a redis-server here is measured.
    return pid && isCommand(pid, "redis-server") ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

function isCommand(pid: number, command: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === command;
  } catch {
    return false;
  }
}

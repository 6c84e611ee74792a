// The process's Prometheus metrics (prom-client), created once per process in a registry of their
// own. Counters are incremented where things happen; gauges that describe state are read when
// Prometheus scrapes.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { APPLICATION_NAME, type Sql } from "@/lib/db/client";
import { readProcessGauge } from "@/lib/process-gauges";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const chatSockets = new Gauge({
  name: "cc_chat_sockets",
  help: "Chat sockets open on this instance.",
  registers: [registry],
});

export const messagesRelayed = new Counter({
  name: "cc_chat_messages_relayed_total",
  help: "Chat messages stored and relayed, by who wrote them.",
  labelNames: ["role"] as const,
  registers: [registry],
});

export const relayAddedSeconds = new Histogram({
  name: "cc_relay_added_seconds",
  help: "Time the relay adds to a message: from a user's send to the manager being asked.",
  buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});

export const upstreamFailures = new Counter({
  name: "cc_upstream_failures_total",
  help: "Team managers that could not answer, by kind of manager and of failure.",
  labelNames: ["manager", "kind"] as const,
  registers: [registry],
});

export const unreadableFrames = new Counter({
  name: "cc_upstream_unreadable_frames_total",
  help: "Frames from team servers that could not be read.",
  registers: [registry],
});

export const dispatchOutcomes = new Counter({
  name: "cc_dispatch_outcomes_total",
  help: "Subtask dispatch steps and outcomes, by audit action.",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

new Gauge({
  name: "cc_event_stream_clients",
  help: "Open server-sent event streams (live page updates) on this instance.",
  registers: [registry],
  collect() {
    this.set(readProcessGauge("event_stream_clients"));
  },
});

/**
 * The chat sessions this instance owns, counted when Prometheus scrapes: counting on every claim
 * and release walked every held session each time, quadratic in a reconnect storm. A second call
 * (tests start several servers in one process) replaces the first.
 */
export function registerSessionMetrics(countOwned: () => number): void {
  registry.removeSingleMetric("cc_chat_sessions");
  new Gauge({
    name: "cc_chat_sessions",
    help: "Chat sessions whose manager line this instance holds.",
    registers: [registry],
    collect() {
      this.set(countOwned());
    },
  });
}

/**
 * The database connections of this process by state, as PostgreSQL sees them (its pools name
 * their connections after the host and process), and the main pool's size. A second call (tests
 * start several servers in one process) replaces the first.
 */
export function registerPoolMetrics(sql: Sql): void {
  const max = sql.options.max;
  for (const name of ["cc_db_pool_max", "cc_db_pool_connections"])
    registry.removeSingleMetric(name);
  new Gauge({
    name: "cc_db_pool_max",
    help: "Connections this instance's database pool may open.",
    registers: [registry],
    collect() {
      this.set(max);
    },
  });
  new Gauge({
    name: "cc_db_pool_connections",
    help: "Open connections of this instance's database pool, by state (active, idle, …).",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await sql<{ state: string | null; count: number }[]>`
        SELECT state, count(*)::int AS count FROM pg_stat_activity
        WHERE application_name = ${APPLICATION_NAME} GROUP BY state`.catch(() => []);
      for (const row of rows) this.set({ state: row.state ?? "unknown" }, row.count);
    },
  });
}

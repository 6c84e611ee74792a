import "server-only";
import type { Sql } from "./db/client";

export interface Health {
  status: "ok" | "degraded";
  uptime_seconds: number;
  database: { status: "ok" | "unreachable"; latency_ms?: number; error?: string };
  checked_at: string;
}

const DB_TIMEOUT_MS = 2000;

export async function checkHealth(sql: Sql): Promise<Health> {
  const started = performance.now();
  let database: Health["database"];
  try {
    await Promise.race([
      sql`SELECT 1`,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("timed out")), DB_TIMEOUT_MS).unref(),
      ),
    ]);
    database = { status: "ok", latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    database = {
      status: "unreachable",
      error: error instanceof Error ? error.message : "unknown error",
    };
  }
  return {
    status: database.status === "ok" ? "ok" : "degraded",
    uptime_seconds: Math.round(process.uptime()),
    database,
    checked_at: new Date().toISOString(),
  };
}

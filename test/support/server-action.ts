// Calls a Next.js server action over HTTP exactly as the browser does (POST with a Next-Action
// header), so tests can prove what an action refuses. The action id comes from the build.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Ack } from "@/lib/protocol/ack";
import type { HttpSession } from "./http-session";

interface ManifestEntry {
  filename: string;
  exportedName: string;
}

function actionId(file: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`No server action ${name} in ${file}: is the build current?`);
  return found[0];
}

/** The action's Ack (our actions always return one) and the HTTP status of the exchange. */
export async function callServerAction<T>(session: HttpSession, action: { page: string; file: string; name: string }, ...args: unknown[]): Promise<{ status: number; ack: Ack<T> }> {
  const response = await session.fetch(action.page, {
    method: "POST",
    headers: { "next-action": actionId(action.file, action.name), accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
    body: JSON.stringify(args),
  });
  const body = await response.text();
  // The flight response has one row per line ("<id>:<json>"); the action's result is row 1.
  const row = body.split("\n").find((line) => line.startsWith("1:"));
  if (!row) throw new Error(`No action result in the response (HTTP ${response.status}): ${body.slice(0, 300)}`);
  return { status: response.status, ack: JSON.parse(row.slice(2)) as Ack<T> };
}

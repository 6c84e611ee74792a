// Calls a Next.js server action over HTTP as the browser does (POST with its Next-Action id), so
// tests reach the action through the real server: session, role checks and the Ack it returns.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { HttpSession } from "./http-session";

const MANIFEST = path.resolve(
  import.meta.dirname,
  "../../.next/server/server-reference-manifest.json",
);

const manifestSchema = z.object({
  node: z.record(z.string(), z.object({ filename: z.string(), exportedName: z.string() })),
});

/** The action's id in the current build, found by the file that defines it and its export name. */
export function serverActionId(filename: string, exportedName: string): string {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(MANIFEST, "utf8")));
  const entry = Object.entries(manifest.node).find(
    ([, action]) => action.filename === filename && action.exportedName === exportedName,
  );
  if (!entry)
    throw new Error(`no server action ${exportedName} in ${filename}; is the build current?`);
  return entry[0];
}

/**
 * Posts `args` to the action from `pagePath` and returns what it resolved to. The answer is React's
 * flight format: one row per line, `<id>:<json>`; row 0 names the row holding the action's result.
 */
export async function callServerAction(
  session: HttpSession,
  pagePath: string,
  action: { file: string; name: string },
  args: unknown[],
): Promise<{ status: number; result: unknown }> {
  const response = await session.fetch(pagePath, {
    method: "POST",
    headers: {
      "next-action": serverActionId(action.file, action.name),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: session.baseUrl,
    },
    body: JSON.stringify(args),
  });
  const rows = new Map<string, string>();
  for (const line of (await response.text()).split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const head = z
    .object({ a: z.string().regex(/^\$@[0-9a-f]+$/) })
    .parse(JSON.parse(rows.get("0") ?? "{}"));
  const result = rows.get(head.a.slice(2));
  if (result === undefined)
    throw new Error(`the action's answer has no row ${head.a.slice(2)} (HTTP ${response.status})`);
  return { status: response.status, result: JSON.parse(result) };
}

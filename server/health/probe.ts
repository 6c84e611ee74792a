// One look at a team server: ELF's GET /health (and /capabilities when healthy) through the ELF
// client, or an A2A agent card. Whatever comes back is untrusted: anything but the expected shape is "unreachable" with
// a reason a person can act on.
import { z } from "zod";
import { ElfRequestError, getCapabilities, getHealth } from "../elf/client";
import { describeFetchFailure } from "../fetch-failure";

export interface Probe {
  reachable: boolean;
  reason: string | null;
  capabilities?: unknown;
}

const agentCardSchema = z.looseObject({ name: z.string(), url: z.string() });

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError")
    return `no answer within ${timeoutMs / 1000} s`;
  const reason = describeFetchFailure(error);
  return /^E[A-Z]+$/.test(reason) ? `cannot connect (${reason})` : reason;
}

async function getJson(
  url: string,
  timeoutMs: number,
): Promise<{ ok: true; body: unknown } | { ok: false; reason: string }> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    if (!response.ok)
      return { ok: false, reason: `HTTP ${response.status} from ${new URL(url).pathname}` };
    try {
      return { ok: true, body: await response.json() };
    } catch {
      return { ok: false, reason: `${new URL(url).pathname} did not answer JSON` };
    }
  } catch (error) {
    return { ok: false, reason: describe(error, timeoutMs) };
  }
}

/** A failed call as a reason a person can act on. */
function describeElfFailure(error: ElfRequestError, timeoutMs: number): string {
  switch (error.kind) {
    case "timeout":
      return `no answer within ${timeoutMs / 1000} s`;
    case "unreachable":
      return /^E[A-Z]+$/.test(error.detail) ? `cannot connect (${error.detail})` : error.detail;
    case "failed":
    case "refused":
      return `HTTP ${error.status} from ${error.path}`;
    case "garbage":
      return error.detail.startsWith("not JSON")
        ? `${error.path} did not answer JSON`
        : `${error.path} answered something that is not a team server's ${error.path.slice(1)}`;
  }
}

export async function probeElfTeamServer(baseUrl: string, timeoutMs: number): Promise<Probe> {
  let status: string;
  try {
    status = (await getHealth(baseUrl, { timeoutMs })).status;
  } catch (error) {
    if (!(error instanceof ElfRequestError)) throw error;
    return { reachable: false, reason: describeElfFailure(error, timeoutMs) };
  }
  if (status !== "healthy")
    return { reachable: false, reason: `reports status "${status.slice(0, 60)}"` };
  const capabilities = await getCapabilities(baseUrl, { timeoutMs }).catch(() => undefined);
  return { reachable: true, reason: null, capabilities };
}

export async function probeAgentCard(cardUrl: string, timeoutMs: number): Promise<Probe> {
  const card = await getJson(cardUrl, timeoutMs);
  if (!card.ok) return { reachable: false, reason: card.reason };
  const parsed = agentCardSchema.safeParse(card.body);
  if (!parsed.success)
    return { reachable: false, reason: "the agent card URL did not answer an A2A agent card" };
  return { reachable: true, reason: null, capabilities: parsed.data };
}

// One look at a team server: ELF's GET /health (and /capabilities when healthy), or an A2A agent
// card. Whatever comes back is untrusted: anything but the expected shape is "unreachable" with
// a reason a person can act on.
import { z } from "zod";
import { describeFetchFailure } from "../fetch-failure";

export interface Probe {
  reachable: boolean;
  reason: string | null;
  capabilities?: unknown;
}

const elfHealthSchema = z.looseObject({ status: z.string() });
const elfCapabilitiesSchema = z.looseObject({
  team_name: z.string(),
  capabilities: z.array(z.string()).optional(),
});
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

export async function probeElfTeamServer(baseUrl: string, timeoutMs: number): Promise<Probe> {
  const health = await getJson(`${baseUrl}/health`, timeoutMs);
  if (!health.ok) return { reachable: false, reason: health.reason };
  const parsed = elfHealthSchema.safeParse(health.body);
  if (!parsed.success)
    return {
      reachable: false,
      reason: "/health answered something that is not a team server's health",
    };
  if (parsed.data.status !== "healthy")
    return { reachable: false, reason: `reports status "${parsed.data.status.slice(0, 60)}"` };
  const capabilities = await getJson(`${baseUrl}/capabilities`, timeoutMs);
  const described = capabilities.ok ? elfCapabilitiesSchema.safeParse(capabilities.body) : null;
  return {
    reachable: true,
    reason: null,
    capabilities: described?.success ? described.data : undefined,
  };
}

export async function probeAgentCard(cardUrl: string, timeoutMs: number): Promise<Probe> {
  const card = await getJson(cardUrl, timeoutMs);
  if (!card.ok) return { reachable: false, reason: card.reason };
  const parsed = agentCardSchema.safeParse(card.body);
  if (!parsed.success)
    return { reachable: false, reason: "the agent card URL did not answer an A2A agent card" };
  return { reachable: true, reason: null, capabilities: parsed.data };
}

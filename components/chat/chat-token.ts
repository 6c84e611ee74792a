// Fetches a fresh chat token for one team from POST /api/chat/token; every (re)connect uses one.
import { z } from "zod";
import { errorBodySchema } from "@/lib/protocol";

const tokenResponseSchema = z.object({ token: z.string(), expires_at: z.string() });
const errorResponseSchema = z.object({ error: errorBodySchema });

export class ChatTokenError extends Error {
  override name = "ChatTokenError";
  constructor(
    message: string,
    /** True when asking again cannot help (signed out, not allowed, no such team). */
    readonly isFinal: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function fetchChatToken(team: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch("/api/chat/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ team }),
      cache: "no-store",
    });
  } catch {
    throw new ChatTokenError("Could not reach the Control Center to get a chat token.", false);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = tokenResponseSchema.safeParse(body);
    if (parsed.success) return parsed.data.token;
    throw new ChatTokenError("The Control Center sent an unreadable chat token.", false);
  }
  const refusal = errorResponseSchema.safeParse(body);
  const isFinal =
    response.status >= 400 &&
    response.status < 500 &&
    response.status !== 408 &&
    response.status !== 429;
  throw new ChatTokenError(
    refusal.success
      ? refusal.data.error.message
      : `Could not get a chat token (HTTP ${response.status}).`,
    isFinal,
    refusal.success ? refusal.data.error.code : undefined,
  );
}

/** A v4 UUID, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Who may open WS /chat: a chat token for this team, checked as ELF checks it (signature, expiry,
// type, team_id; a token carrying any audience is refused, as PyJWT refuses it). Refusals answer the upgrade with HTTP 401/403, before any socket.
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { verifyElfChatToken } from "@/lib/auth/chat-token";
import type { ElfTokenClaims } from "@/lib/protocol/elf";
import { AppError } from "@/lib/errors";

export type UpgradeAuth =
  { ok: true; claims: ElfTokenClaims } | { ok: false; status: 401 | 403; detail: string };

function tokenOf(req: IncomingMessage): string | null {
  const fromQuery = new URL(req.url ?? "/", "http://team-server").searchParams.get("token");
  if (fromQuery) return fromQuery;
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export async function authenticateUpgrade(
  req: IncomingMessage,
  secret: string,
  teamSlug: string,
): Promise<UpgradeAuth> {
  const token = tokenOf(req);
  if (!token)
    return {
      ok: false,
      status: 401,
      detail: "A chat token is required (?token=… or Authorization: Bearer …).",
    };
  let claims: ElfTokenClaims;
  try {
    claims = await verifyElfChatToken(token, secret);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, status: 401, detail: error.message };
    throw error;
  }
  if (claims.team_id !== teamSlug) {
    return {
      ok: false,
      status: 403,
      detail: `The chat token is for ${claims.team_id}, not ${teamSlug}.`,
    };
  }
  return { ok: true, claims };
}

/** Answers an upgrade request with a plain HTTP error, as a refused handshake. */
export function refuseUpgrade(socket: Duplex, status: number, detail: string): void {
  const body = JSON.stringify({ detail });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

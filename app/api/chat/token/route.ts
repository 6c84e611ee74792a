import { z } from "zod";
import { mintChatToken } from "@/lib/auth/chat-token";
import { requireUser } from "@/lib/auth/current-user";
import { authorizeChat, teamSlugSchema } from "@/lib/chat/access";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ team: teamSlugSchema });

/** A short-lived chat token for the signed-in user and one team. */
export const POST = route(async (request) => {
  const user = await requireUser(request);
  const { team } = await parseJsonBody(request, bodySchema);
  await authorizeChat(getDb(), team, user.role);
  const runtime = getRuntime();
  const { token, expiresAt } = await mintChatToken({
    userId: user.id,
    teamSlug: team,
    role: user.role,
    sessionVersion: user.session_version,
    ttlSeconds: runtime.chatTokenTtlSeconds,
    secret: runtime.chatTokenSecret,
  });
  return Response.json(
    { token, expires_at: expiresAt.toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
});

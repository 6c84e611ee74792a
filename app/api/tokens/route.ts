import { createApiToken, listApiTokens } from "@/lib/api-tokens/service";
import { newApiTokenSchema } from "@/lib/api-tokens/schemas";
import { actorFor } from "@/lib/audit/record";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The caller's own tokens (never their secrets). */
export const GET = route(async (request) => {
  const user = await requireUser(request);
  return Response.json(await listApiTokens(getDb(), user.id));
});

/** Signed-in sessions only: a token cannot mint more tokens. The secret is in this answer only. */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJsonBody(request, newApiTokenSchema);
  return Response.json(await createApiToken(getDb(), user, input, actorFor(user)), { status: 201 });
});

import { revokeApiToken } from "@/lib/api-tokens/service";
import { actorFor } from "@/lib/audit/record";
import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Revokes one of the caller's tokens (a write token may revoke itself, e.g. once leaked). */
export const DELETE = route(async (request, { params }) => {
  const user = await requireUser(request);
  const { id } = await params;
  return Response.json(await revokeApiToken(getDb(), user, id!, actorFor(user)));
});

import { requireUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/http";
import { listTeamsQuerySchema } from "@/lib/teams/schemas";
import { listTeamsForRole } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const user = await requireUser(request);
  const query = parseQuery(request, listTeamsQuerySchema);
  return Response.json(await listTeamsForRole(getDb(), user.role, query));
});

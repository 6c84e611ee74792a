import { actorFor } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";
import { addUser, listUsers } from "@/lib/users/admin";
import { newUserSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireAdmin(request);
  return Response.json(await listUsers(getDb()));
});

export const POST = route(async (request) => {
  const admin = await requireAdmin(request);
  const input = await parseJsonBody(request, newUserSchema);
  return Response.json(await addUser(getDb(), input, actorFor(admin)), { status: 201 });
});

import { actorFor } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";
import { updateUser } from "@/lib/users/admin";
import { userChangeSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

/** `ref` is the user's id or email; a role and a disabled flag change together or not at all. */
export const PATCH = route(async (request, { params }) => {
  const admin = await requireAdmin(request);
  const { ref } = await params;
  const change = await parseJsonBody(request, userChangeSchema);
  return Response.json(await updateUser(getDb(), ref!, change, actorFor(admin)));
});

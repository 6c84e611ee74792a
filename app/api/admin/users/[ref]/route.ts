import { actorFor } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";
import { setUserDisabled, setUserRole } from "@/lib/users/admin";
import { userChangeSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

/** `ref` is the user's id or email. */
export const PATCH = route(async (request, { params }) => {
  const admin = await requireAdmin(request);
  const { ref } = await params;
  const change = await parseJsonBody(request, userChangeSchema);
  const actor = actorFor(admin);
  let user = change.role ? await setUserRole(getDb(), ref!, change.role, actor) : null;
  if (change.disabled !== undefined) user = await setUserDisabled(getDb(), ref!, change.disabled, actor);
  return Response.json(user);
});

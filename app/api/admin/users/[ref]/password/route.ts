import { actorFor } from "@/lib/audit/record";
import { requireAdmin } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { parseJsonBody, route } from "@/lib/http";
import { resetUserPassword } from "@/lib/users/admin";
import { passwordResetSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

export const PUT = route(async (request, { params }) => {
  const admin = await requireAdmin(request);
  const { ref } = await params;
  const { password } = await parseJsonBody(request, passwordResetSchema);
  await resetUserPassword(getDb(), ref!, password, actorFor(admin));
  return new Response(null, { status: 204 });
});

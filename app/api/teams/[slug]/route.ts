// One team: GET as the caller's role sees it (ELF's field names); PATCH its settings (admins).
import { actorFor } from "@/lib/audit/record";
import { requireAdmin, requireUser } from "@/lib/auth/current-user";
import { teamSlugSchema } from "@/lib/chat/access";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseJsonBody, route } from "@/lib/http";
import { findTeamForRole } from "@/lib/teams/service";
import { updateTeamSettings } from "@/lib/teams/settings";
import { teamSettingsPatchSchema } from "@/lib/teams/settings-schemas";

export const dynamic = "force-dynamic";

async function slugOf(context: { params: Promise<Record<string, string>> }): Promise<string> {
  const parsed = teamSlugSchema.safeParse((await context.params).slug);
  if (!parsed.success) throw new AppError("not_found", "There is no such team.", "team_not_found");
  return parsed.data;
}

export const GET = route(async (request, context) => {
  const user = await requireUser(request);
  const team = await findTeamForRole(getDb(), await slugOf(context), user.role);
  if (!team) throw new AppError("not_found", "There is no such team.", "team_not_found");
  return Response.json(team);
});

export const PATCH = route(async (request, context) => {
  const admin = await requireAdmin(request);
  const slug = await slugOf(context);
  const patch = await parseJsonBody(request, teamSettingsPatchSchema);
  const { after, changed } = await updateTeamSettings(getDb(), slug, patch, actorFor(admin));
  return Response.json({ changed, settings: after });
});

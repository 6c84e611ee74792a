"use server";
// Admin changes to teams, from /admin/teams and the chat switch on /teams.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/actions";
import { actorFor } from "@/lib/audit/record";
import { assertRole } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { updateTeamSettings } from "@/lib/teams/settings";
import { teamSettingsPatchSchema } from "@/lib/teams/settings-schemas";

const inputSchema = z.strictObject({
  team: z.string().min(1).max(255),
  patch: teamSettingsPatchSchema,
});

export const updateTeamSettingsAction = serverAction(
  "updateTeamSettings",
  inputSchema,
  async ({ team, patch }, user) => {
    const { changed } = await updateTeamSettings(
      getDb(),
      team,
      patch,
      actorFor(assertRole(user, "admin")),
    );
    // The page that asked gets the new state in this response; other pages hear it on the change bus.
    revalidatePath("/teams");
    revalidatePath("/admin/teams");
    return { changed };
  },
);

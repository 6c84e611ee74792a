"use server";
// "Read the project now" on the admin page, in Supabase mode.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/actions";
import { assertRole } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getSupabaseHooks } from "@/lib/supabase/hooks";

export const refreshSupabaseAction = serverAction(
  "refreshSupabase",
  z.strictObject({}),
  async (_input, user) => {
    assertRole(user, "admin");
    const hooks = getSupabaseHooks();
    if (!hooks) throw new AppError("not_found", "The Control Center is not in Supabase mode.");
    const { changed } = await hooks.refreshNow();
    revalidatePath("/teams");
    revalidatePath("/admin/teams");
    return { changed: changed.length };
  },
);

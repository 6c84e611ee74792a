"use server";
// The /admin/users page's server actions: the same operations as /api/admin/users, admins only.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/actions";
import { actorFor } from "@/lib/audit/record";
import { assertRole } from "@/lib/auth/current-user";
import { roleSchema } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { addUser, setUserDisabled, setUserRole, resetUserPassword } from "@/lib/users/admin";
import { newUserSchema, passwordResetSchema } from "@/lib/users/schemas";

const userRef = { user_id: z.uuid() };

export const createUserAction = serverAction("createUser", newUserSchema, async (input, user) => {
  const created = await addUser(getDb(), input, actorFor(assertRole(user, "admin")));
  revalidatePath("/admin/users");
  return { email: created.email };
});

export const setRoleAction = serverAction(
  "setUserRole",
  z.strictObject({ ...userRef, role: roleSchema }),
  async (input, user) => {
    const changed = await setUserRole(
      getDb(),
      input.user_id,
      input.role,
      actorFor(assertRole(user, "admin")),
    );
    revalidatePath("/admin/users");
    return { email: changed.email, role: changed.role };
  },
);

export const setDisabledAction = serverAction(
  "setUserDisabled",
  z.strictObject({ ...userRef, disabled: z.boolean() }),
  async (input, user) => {
    const changed = await setUserDisabled(
      getDb(),
      input.user_id,
      input.disabled,
      actorFor(assertRole(user, "admin")),
    );
    revalidatePath("/admin/users");
    return { email: changed.email, disabled: changed.disabled_at !== null };
  },
);

export const resetPasswordAction = serverAction(
  "resetUserPassword",
  passwordResetSchema.extend(userRef),
  async (input, user) => {
    await resetUserPassword(
      getDb(),
      input.user_id,
      input.password,
      actorFor(assertRole(user, "admin")),
    );
    return { reset: true };
  },
);

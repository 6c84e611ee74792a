"use server";
// Cancelling a task from its page: the same cancelTask the rest of the app uses, for admins and
// users only; viewers are refused here too, not just by hiding the button.
import { z } from "zod";
import { serverAction } from "@/lib/actions";
import { assertRole } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { CANCEL_ROLES, cancelTask } from "@/lib/tasks/cancel";

export const cancelTaskAction = serverAction(
  "cancelTask",
  z.strictObject({ task_id: z.uuid() }),
  async ({ task_id }, user) => {
    assertRole(user, ...CANCEL_ROLES);
    return cancelTask(getDb(), task_id, user);
  },
);

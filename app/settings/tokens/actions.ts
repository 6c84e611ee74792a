"use server";
// The /settings/tokens page's server actions: a signed-in person's own API tokens.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { newApiTokenSchema } from "@/lib/api-tokens/schemas";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import { serverAction } from "@/lib/actions";
import { actorFor } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";

export const createTokenAction = serverAction(
  "createApiToken",
  newApiTokenSchema,
  async (input, user) => {
    const { token, secret } = await createApiToken(getDb(), user, input, actorFor(user));
    revalidatePath("/settings/tokens");
    return { name: token.name, scope: token.scope, secret };
  },
);

export const revokeTokenAction = serverAction(
  "revokeApiToken",
  z.strictObject({ token_id: z.uuid() }),
  async ({ token_id }, user) => {
    const token = await revokeApiToken(getDb(), user, token_id, actorFor(user));
    revalidatePath("/settings/tokens");
    return { name: token.name };
  },
);

// Who is asking: the session's user, re-read from the database on every request so a disabled
// account or a changed role takes effect at once.
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { selectUserById } from "../users/queries";
import { toUser } from "../users/service";
import type { User } from "../users/schemas";
import { auth } from "./config";

export async function getCurrentUser(): Promise<User | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const row = await selectUserById(getDb(), id);
  if (!row || row.disabled_at) return null;
  return toUser(row);
}

/** For route handlers: the user, or a 401. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}

/** For pages: the user, or a redirect to /login that comes back to `returnTo` afterwards. */
export async function requirePageUser(returnTo: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Only same-site paths are followed after sign-in; anything else goes to /teams. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return "/teams";
  }
  return value;
}

// Who is asking: the session's user, re-read from the database on every request so a disabled
// account or a changed role takes effect at once.
import { forbidden, redirect } from "next/navigation";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { selectUserById } from "../users/queries";
import { toUser } from "../users/service";
import type { User } from "../users/schemas";
import { auth } from "./config";
import type { Role } from "./roles";

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

/** Refuses (403) a user whose role is not one of these. */
export function assertRole(user: User, ...roles: Role[]): User {
  if (!roles.includes(user.role)) throw new AppError("forbidden", `This needs the ${roles.join(" or ")} role; you are signed in as ${user.role}.`, "role_not_allowed");
  return user;
}

/** For route handlers and actions: an admin, or 401/403. */
export async function requireAdmin(): Promise<User> {
  return assertRole(await requireUser(), "admin");
}

/** For admin pages: an admin, a redirect to /login, or the 403 page. */
export async function requireAdminPage(returnTo: string): Promise<User> {
  const user = await requirePageUser(returnTo);
  if (user.role !== "admin") forbidden();
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

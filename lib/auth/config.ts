// next-auth: email + password users from the database, JWT sessions carrying id and role.
import "server-only";
import { randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { getLogger } from "../logger";
import { getRuntime } from "../runtime";
import { CLIENT_ADDRESS_HEADER } from "../security/request-headers";
import { selectUserByEmail } from "../users/queries";
import { authenticate } from "../users/service";
import { revokeSession } from "./revoked-sessions";
import { roleSchema } from "./roles";
import {
  ACCOUNT_RULE,
  recordFailure,
  recordSuccess,
  secondsUntilAllowed,
  throttleKeys,
} from "./sign-in-throttle";

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

class TooManyAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
}

type SignInOutcome =
  { userId: string } | { failure: "bad_credentials" | "too_many_attempts"; failures?: number };

/**
 * Sign-ins, failed sign-ins and the failures that start a pause, for existing accounts, go to the
 * audit log with the client's address (never the password); a failure to record one is logged,
 * not fatal. Attempts on emails that are no account are only logged: the audit log is
 * append-only, so strangers must not be able to write into it.
 */
async function auditSignIn(email: string, address: string, outcome: SignInOutcome): Promise<void> {
  const succeeded = "userId" in outcome;
  await recordAudit(getDb(), {
    teamId: null,
    action: succeeded ? "signed_in" : "sign_in_failed",
    description: succeeded
      ? `${email} signed in`
      : `Failed sign-in for ${email} from ${address} (${outcome.failure.replaceAll("_", " ")})`,
    performedBy: email,
    details: succeeded
      ? { user_id: outcome.userId, method: "password", address }
      : {
          email,
          reason: outcome.failure,
          method: "password",
          address,
          ...(outcome.failures ? { failures: outcome.failures } : {}),
        },
  }).catch((error: unknown) =>
    getLogger().error({ err: error }, "could not record a sign-in in the audit log"),
  );
}

/** The client's address as the front door read it (server/http/client.ts). */
function clientAddressOf(request: Request | undefined): string {
  return request?.headers.get(CLIENT_ADDRESS_HEADER)?.slice(0, 100) || "unknown";
}

async function authorizeWithPassword(raw: unknown, request: Request | undefined) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  const address = clientAddressOf(request);
  const keys = throttleKeys(address, email);
  const wait = await secondsUntilAllowed(getDb(), keys);
  if (wait > 0) {
    // Refused before the password is even checked: a pause is a pause, right password or not.
    getLogger().info({ email, address, wait }, "sign-in paused");
    throw new TooManyAttempts();
  }
  const user = await authenticate(getDb(), parsed.data.email, parsed.data.password);
  if (!user) {
    const failures = await recordFailure(getDb(), keys);
    const account = await selectUserByEmail(getDb(), email);
    getLogger().info({ email, address, knownAccount: Boolean(account) }, "sign-in failed");
    if (account) {
      await auditSignIn(account.email, address, { failure: "bad_credentials" });
      // Once, on the failure that starts the pauses for this address and account.
      if (failures === ACCOUNT_RULE.free)
        await auditSignIn(account.email, address, { failure: "too_many_attempts", failures });
    }
    return null;
  }
  await recordSuccess(getDb(), keys);
  getLogger().info({ userId: user.id, address }, "signed in");
  await auditSignIn(user.email, address, { userId: user.id });
  return {
    id: user.id,
    email: user.email,
    name: user.name ?? user.email,
    role: user.role,
    session_version: user.session_version,
  };
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getRuntime().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    error: (error) => getLogger().warn({ err: error.name, msg: error.message }, "auth error"),
    warn: (code) => getLogger().debug({ code }, "auth warning"),
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: authorizeWithPassword,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = roleSchema.parse((user as { role?: unknown }).role);
        // The account's session version at sign-in: a reset or disable since then ends this session.
        token.session_version = z
          .number()
          .int()
          .parse((user as { session_version?: unknown }).session_version);
        // This session's id, kept through every refresh of the cookie: sign-out revokes it.
        token.sid = randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      // Sessions from before session versions existed count as version 0.
      session.session_version =
        typeof token.session_version === "number" ? token.session_version : 0;
      // A session signed in before sign-out could end it has no id, and is refused.
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid !== "string") return;
      await revokeSession(getDb(), token.sid, token.uid ?? null, SESSION_MAX_AGE_SECONDS);
      getLogger().info({ userId: token.uid }, "signed out");
    },
  },
}));

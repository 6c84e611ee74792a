// next-auth: email + password users from the database, JWT sessions carrying id and role.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { getLogger } from "../logger";
import { getRuntime } from "../runtime";
import { selectUserByEmail } from "../users/queries";
import { authenticate } from "../users/service";
import { roleSchema } from "./roles";

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

// Ten failed attempts per email per 15 minutes, then the account's sign-in pauses.
const failedSignIns = new RateLimiterMemory({ points: 10, duration: 15 * 60 });

class TooManyAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
}

/**
 * Sign-ins and failed sign-ins of existing accounts go to the audit log (never the password); a
 * failure to record one is logged, not fatal. Attempts on emails that are no account are only
 * logged: the audit log is append-only, so strangers must not be able to write into it.
 */
async function auditSignIn(
  email: string,
  outcome: { userId: string } | { failure: "bad_credentials" | "too_many_attempts" },
): Promise<void> {
  const succeeded = "userId" in outcome;
  await recordAudit(getDb(), {
    teamId: null,
    action: succeeded ? "signed_in" : "sign_in_failed",
    description: succeeded
      ? `${email} signed in`
      : `Failed sign-in for ${email} (${outcome.failure.replaceAll("_", " ")})`,
    performedBy: email,
    details: succeeded
      ? { user_id: outcome.userId, method: "password" }
      : { email, reason: outcome.failure, method: "password" },
  }).catch((error: unknown) =>
    getLogger().error({ err: error }, "could not record a sign-in in the audit log"),
  );
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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const key = parsed.data.email.toLowerCase();
        const limit = await failedSignIns.get(key);
        if (limit && limit.consumedPoints >= 10) throw new TooManyAttempts();
        const user = await authenticate(getDb(), parsed.data.email, parsed.data.password);
        if (!user) {
          const { consumedPoints } = await failedSignIns.penalty(key, 1);
          const account = await selectUserByEmail(getDb(), key);
          getLogger().info({ email: key, knownAccount: Boolean(account) }, "sign-in failed");
          if (account) {
            await auditSignIn(account.email, { failure: "bad_credentials" });
            // Once per lockout: the attempt that starts the pause.
            if (consumedPoints === 10)
              await auditSignIn(account.email, { failure: "too_many_attempts" });
          }
          return null;
        }
        await failedSignIns.delete(key);
        getLogger().info({ userId: user.id }, "signed in");
        await auditSignIn(user.email, { userId: user.id });
        return {
          id: user.id,
          email: user.email,
          name: user.name ?? user.email,
          role: user.role,
          session_version: user.session_version,
        };
      },
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
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      // Sessions from before session versions existed count as version 0.
      session.session_version =
        typeof token.session_version === "number" ? token.session_version : 0;
      return session;
    },
  },
}));

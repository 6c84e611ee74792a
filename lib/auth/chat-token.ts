// Chat tokens: short-lived HS256 JWTs for one user and one team, signed with JWT_SECRET_KEY,
// the key ELF team servers share. Two audiences: our own chat socket, and an ELF team server.
import "server-only";
import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { AppError } from "../errors";
import { elfTokenClaimsSchema, type ElfTokenClaims } from "../protocol/elf";

/** How far in the future a token's `iat` may lie (clock skew between hosts) before it is refused. */
export const IAT_LEEWAY_SECONDS = 30;

/** A token issued in the future is not one this host should trust yet. */
function refuseFutureIat(iat: unknown): void {
  if (typeof iat === "number" && iat > Date.now() / 1000 + IAT_LEEWAY_SECONDS)
    throw new AppError(
      "unauthenticated",
      "The chat token is not yet valid (iat).",
      "token_invalid",
    );
}

export const CHAT_TOKEN_ISSUER = "elf-control-center";
export const CHAT_TOKEN_AUDIENCE = "elf-control-center:chat";
export const CHAT_TOKEN_TYPE = "websocket_auth";

export const chatTokenClaimsSchema = z.object({
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  role: z.string().min(1),
  roles: z.array(z.string()),
  type: z.literal(CHAT_TOKEN_TYPE),
  /** The user's session version when minted (our own socket only): a password reset voids the token. */
  session_version: z.number().int().optional(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string().optional(),
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});
export type ChatTokenClaims = z.infer<typeof chatTokenClaimsSchema>;

/**
 * The HMAC key of a secret, imported once: given raw bytes, jose imports them again on every sign
 * and verify, a WebCrypto job of its own on the hot path of every chat connect.
 */
const keys = new Map<string, Promise<CryptoKey>>();
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

export interface MintInput {
  userId: string;
  teamSlug: string;
  role: string;
  ttlSeconds: number;
  secret: string;
  /**
   * "control-center" (default) for our own socket. "elf" for an upstream ELF team server: ELF
   * decodes with PyJWT without an audience, which refuses any token carrying `aud`, and breaks on
   * a `session_id` claim, so those tokens carry neither.
   */
  for?: "control-center" | "elf";
  /** cc_users.session_version of the user now; left out of tokens for ELF. */
  sessionVersion?: number;
}

export async function mintChatToken(input: MintInput): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + input.ttlSeconds;
  let jwt = new SignJWT({
    user_id: input.userId,
    team_id: input.teamSlug,
    role: input.role,
    roles: [input.role],
    type: CHAT_TOKEN_TYPE,
    ...(input.for !== "elf" && input.sessionVersion !== undefined
      ? { session_version: input.sessionVersion }
      : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setIssuer(CHAT_TOKEN_ISSUER)
    .setJti(randomUUID());
  if (input.for !== "elf") jwt = jwt.setAudience(CHAT_TOKEN_AUDIENCE);
  return { token: await jwt.sign(await keyOf(input.secret)), expiresAt: new Date(exp * 1000) };
}

/**
 * Verifies signature (HS256 only), expiry, type and — unless `audience` is null, as ELF servers
 * do — audience and issuer. Throws AppError("unauthenticated") with a reason code.
 */
export async function verifyChatToken(
  token: string,
  secret: string,
  options: { audience?: string | null } = {},
): Promise<ChatTokenClaims> {
  const audience = options.audience === undefined ? CHAT_TOKEN_AUDIENCE : options.audience;
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), {
      algorithms: ["HS256"],
      ...(audience === null ? {} : { audience, issuer: CHAT_TOKEN_ISSUER }),
      requiredClaims: ["exp", "iat"],
    });
    refuseFutureIat(payload.iat);
    const claims = chatTokenClaimsSchema.safeParse(payload);
    if (!claims.success)
      throw new AppError("unauthenticated", "The chat token is not a chat token.", "token_invalid");
    return claims.data;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof joseErrors.JWTExpired) {
      throw new AppError("unauthenticated", "The chat token has expired.", "token_expired");
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new AppError(
        "unauthenticated",
        `The chat token's ${error.claim} claim is not accepted.`,
        "token_invalid",
      );
    }
    throw new AppError("unauthenticated", "The chat token is invalid.", "token_invalid");
  }
}

/**
 * Verifies a token as an ELF team server does (PyJWT decode without an audience, then
 * JWTHandler's checks): HS256, exp, nbf, type "websocket_auth"; any `aud` is refused, as PyJWT
 * refuses it when no audience is expected; `iss` is not checked; claims as ELF mints them
 * (user_id, team_id, roles — `role` not needed). Stricter than PyJWT in two ways: `exp` is
 * required, and an `iat` more than IAT_LEEWAY_SECONDS in the future is refused.
 */
export async function verifyElfChatToken(token: string, secret: string): Promise<ElfTokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await keyOf(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new AppError("unauthenticated", "The chat token has expired.", "token_expired");
    throw new AppError("unauthenticated", "The chat token is invalid.", "token_invalid");
  }
  const aud = payload.aud;
  if (aud !== undefined && aud !== null && aud !== "" && !(Array.isArray(aud) && !aud.length))
    throw new AppError("unauthenticated", "Invalid audience.", "token_invalid");
  refuseFutureIat(payload.iat);
  const claims = elfTokenClaimsSchema.safeParse(payload);
  if (!claims.success)
    throw new AppError("unauthenticated", "The chat token is not a chat token.", "token_invalid");
  return claims.data;
}

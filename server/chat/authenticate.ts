// Handshake: a valid chat token for this server, a user that still exists and is enabled and whose
// sessions were not ended since the token was minted, and a team this user's current role may chat
// with (as this instance last read the team: every change to a team is announced, and forgets
// it). Refusals reach the client as connect_error with data {code, message}.
import type { ExtendedError } from "socket.io";
import { verifyChatToken } from "@/lib/auth/chat-token";
import { chatTeamCheck } from "@/lib/chat/access";
import type { Sql } from "@/lib/db/client";
import { AppError, toErrorBody } from "@/lib/errors";
import { handshakeAuthSchema } from "@/lib/protocol";
import type { TeamWatch } from "@/lib/teams/watch";
import { selectUserById } from "@/lib/users/queries";
import { toUser } from "@/lib/users/service";
import type { ChatLimits } from "./limits";
import type { ChatSocket } from "./types";

function refusal(error: unknown): ExtendedError {
  const { body } = toErrorBody(error);
  const refused = new Error(body.message) as ExtendedError;
  refused.data = body;
  return refused;
}

export function createAuthenticator(deps: {
  sql: Sql;
  secret: string;
  limits: Pick<ChatLimits, "admitConnection">;
  /** The teams as this instance last read them, kept until a team changes. */
  teams: Pick<TeamWatch, "team">;
}) {
  return async (socket: ChatSocket, next: (error?: ExtendedError) => void) => {
    try {
      const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success)
        throw new AppError(
          "unauthenticated",
          "Connect with a chat token: auth: { token }.",
          "token_missing",
        );
      const claims = await verifyChatToken(auth.data.token, deps.secret);
      // The user (read every time) and the team are asked for at once; the user's checks come first.
      const [row, teamFor] = await Promise.all([
        selectUserById(deps.sql, claims.user_id),
        deps.teams.team(claims.team_id).then((views) => chatTeamCheck(claims.team_id, views)),
      ]);
      if (!row || row.disabled_at)
        throw new AppError(
          "unauthenticated",
          "This account no longer exists or is disabled.",
          "user_disabled",
        );
      if ((claims.session_version ?? 0) !== row.session_version) {
        throw new AppError(
          "unauthenticated",
          "This chat token is from a session that has ended (the password was reset); sign in again.",
          "token_invalid",
        );
      }
      const user = toUser(row);
      const team = teamFor(user.role);
      await deps.limits.admitConnection(user.id, socket);
      socket.data = { user, team, claims };
      next();
    } catch (error) {
      next(refusal(error));
    }
  };
}

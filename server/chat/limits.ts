// The limits on one user's chat sockets: how many may be open at once, how fast messages may be
// sent, and how long a socket may live (its token's lifetime).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import type { ChatSocket } from "./types";

export interface ChatLimitOptions {
  messagesPerMinute: number;
  maxConnectionsPerUser: number;
}

export function createChatLimits(options: ChatLimitOptions) {
  const connectionsPerUser = new Map<string, number>();
  const messages = new RateLimiterMemory({ points: options.messagesPerMinute, duration: 60 });

  return {
    /** Refuses another socket to a user who has the most open already. */
    checkConnection(userId: string): void {
      if ((connectionsPerUser.get(userId) ?? 0) >= options.maxConnectionsPerUser)
        throw new AppError(
          "rate_limited",
          `You have ${options.maxConnectionsPerUser} chats open already. Close one and try again.`,
          "too_many_connections",
        );
    },

    /** Counts one open socket of the user; the returned function uncounts it (on disconnect). */
    countConnection(userId: string): () => void {
      connectionsPerUser.set(userId, (connectionsPerUser.get(userId) ?? 0) + 1);
      return () => {
        const left = (connectionsPerUser.get(userId) ?? 1) - 1;
        if (left > 0) connectionsPerUser.set(userId, left);
        else connectionsPerUser.delete(userId);
      };
    },

    /** Takes one message from the user's allowance, or refuses with the wait. */
    async consumeMessage(userId: string): Promise<void> {
      try {
        await messages.consume(userId);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw new AppError(
          "rate_limited",
          `You are sending messages too fast. Try again in ${Math.ceil(error.msBeforeNext / 1000)} s.`,
          "rate_limited",
        );
      }
    },

    /** Gives back a message that was not stored (a repeat, a refusal). */
    async refundMessage(userId: string): Promise<void> {
      await messages.reward(userId, 1);
    },

    /**
     * The token's lifetime bounds the socket's: at its expiry the socket is told and closed, and
     * the client fetches a new token and reconnects. Returns the function that disarms it.
     */
    expireWithToken(socket: ChatSocket): () => void {
      const timer = setTimeout(
        () => {
          socket.emit("chat:error", {
            code: "token_expired",
            message: "Your chat token expired; reconnecting.",
          });
          socket.disconnect(true);
        },
        Math.max(0, socket.data.claims.exp * 1000 - Date.now()),
      );
      return () => clearTimeout(timer);
    },
  };
}

export type ChatLimits = ReturnType<typeof createChatLimits>;

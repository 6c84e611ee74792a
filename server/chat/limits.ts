// The limits on one user's chat sockets: how many may be open at once, how fast messages may be
// sent, and how long a socket may live (its token's lifetime). The counts live in the fleet's
// shared store, so a limit holds whichever instance a socket reaches.
import { RateLimiterRes } from "rate-limiter-flexible";
import type { StatementAllowance } from "@/lib/chat/send";
import { AppError } from "@/lib/errors";
import type { Coordination } from "../fleet";
import type { ChatSocket } from "./types";

export interface ChatLimitOptions {
  messagesPerMinute: number;
  maxConnectionsPerUser: number;
  store: Coordination;
}

/** An open socket's entry lapses this long after its instance last renewed it (e.g. killed). */
const CONNECTION_TTL_MS = 30_000;
const HEARTBEAT_MS = 10_000;
/** The window of the message rate: messagesPerMinute per this many seconds. */
const RATE_WINDOW_S = 60;

export function createChatLimits(options: ChatLimitOptions) {
  const { store } = options;
  const messages = store.rateLimiter({
    keyPrefix: "cc-chat-messages",
    points: options.messagesPerMinute,
    duration: RATE_WINDOW_S,
  });
  /** This instance's counted sockets: socket id → user id and the socket. */
  const counted = new Map<string, { userId: string; socket: ChatSocket; since: number }>();
  const socketKey = (socket: ChatSocket) => `${store.instanceId}:${socket.id}`;

  const heartbeat = setInterval(() => {
    // A socket admitted by the handshake that never connected has no disconnect to uncount it.
    for (const { socket, since } of counted.values())
      if (!socket.connected && Date.now() - since > HEARTBEAT_MS)
        void uncount(socket).catch(() => {});
    const live = [...counted.values()].filter(({ socket }) => socket.connected);
    void store.connections
      .heartbeat(
        live.map(({ userId, socket }) => ({ userId, socketKey: socketKey(socket) })),
        CONNECTION_TTL_MS,
      )
      .catch(() => {}); // the next beat tries again; entries outlive two missed beats
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const uncount = async (socket: ChatSocket) => {
    const entry = counted.get(socket.id);
    if (!entry) return;
    counted.delete(socket.id);
    await store.connections.remove(entry.userId, socketKey(socket));
  };

  const tooFast = (msBeforeNext: number) =>
    new AppError(
      "rate_limited",
      `You are sending messages too fast. Try again in ${Math.ceil(msBeforeNext / 1000)} s.`,
      "rate_limited",
    );

  return {
    /**
     * Counts one more open socket of the user, or refuses it when they have the most open
     * already. Counting first and checking after means two sockets racing on two instances may
     * both be refused, never both admitted.
     */
    async admitConnection(userId: string, socket: ChatSocket): Promise<void> {
      counted.set(socket.id, { userId, socket, since: Date.now() });
      const open = await store.connections.add(userId, socketKey(socket), CONNECTION_TTL_MS);
      if (open > options.maxConnectionsPerUser) {
        await uncount(socket);
        throw new AppError(
          "rate_limited",
          `You have ${options.maxConnectionsPerUser} chats open already. Close one and try again.`,
          "too_many_connections",
        );
      }
    },

    /** Uncounts a socket (on disconnect). */
    releaseConnection(socket: ChatSocket): Promise<void> {
      return uncount(socket);
    },

    /**
     * The user's message allowance as the statement that stores a message takes it, when the
     * allowance is kept in the same PostgreSQL (no Redis): one round trip less per message. Null
     * when it is kept elsewhere; then consumeMessage takes it first.
     */
    allowanceInStatement(userId: string): StatementAllowance | null {
      if (!store.rateLimitTable) return null;
      return {
        table: store.rateLimitTable,
        key: messages.getKey(userId),
        points: options.messagesPerMinute,
        durationMs: RATE_WINDOW_S * 1000,
      };
    },

    /** Takes one message from the user's allowance, or refuses with the wait. */
    async consumeMessage(userId: string): Promise<void> {
      try {
        await messages.consume(userId);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw tooFast(error.msBeforeNext);
      }
    },

    /** The refusal of a message over the allowance, ready again in `msBeforeNext`. */
    tooFast,

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

    /** Stops the heartbeat and uncounts this instance's sockets (shutdown). */
    async close(): Promise<void> {
      clearInterval(heartbeat);
      await Promise.all([...counted.values()].map(({ socket }) => uncount(socket))).catch(() => {});
    },
  };
}

export type ChatLimits = ReturnType<typeof createChatLimits>;

// The browser's side of the chat socket: a fresh token on every (re)connect, server events parsed
// against the contract and turned into reducer actions, and refusals that retrying cannot fix
// reported once instead of retried forever.
import { io, type Socket } from "socket.io-client";
import type { Dispatch } from "react";
import type { z } from "zod";
import {
  CHAT_NAMESPACE,
  SOCKET_PATH,
  errorBodySchema,
  serverEvents,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@/lib/protocol";
import type { ChatAction } from "./chat-state";
import { ChatTokenError, fetchChatToken } from "./chat-token";

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ServerEventName = keyof typeof serverEvents;
type ServerPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;

/** Refusals with a stale token are retried with a new one, a few times in a row at most. */
const MAX_TOKEN_RETRIES = 3;
const TOKEN_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

export interface ChatConnection {
  socket: ChatClientSocket;
  /** Tries again after a refusal or a failure that stopped the automatic retries. */
  reconnect(): void;
  close(): void;
}

interface ChatConnectionReports {
  /** Why the connection is down, or null once it is up again. */
  onConnectionError: (message: string | null) => void;
  /** An error the server reported on a working connection. */
  onError: (message: string) => void;
}

export function openChatConnection(
  teamSlug: string,
  dispatch: Dispatch<ChatAction>,
  { onConnectionError, onError }: ChatConnectionReports,
): ChatConnection {
  let tokenExpired = false;
  let tokenRetries = 0;
  let tokenFailures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let isClosed = false;
  const setConnection = (state: "connected" | "reconnecting" | "offline") =>
    dispatch({ type: "connection", state });

  const socket: ChatClientSocket = io(CHAT_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ["websocket", "polling"],
    forceNew: true,
    auth: (cb) => {
      fetchChatToken(teamSlug).then(
        (token) => {
          tokenFailures = 0;
          if (!isClosed) cb({ token });
        },
        (error: unknown) => {
          if (isClosed) return;
          const failure =
            error instanceof ChatTokenError
              ? error
              : new ChatTokenError("Could not get a chat token.", false);
          socket.disconnect();
          if (failure.isFinal) {
            setConnection("offline");
            onConnectionError(failure.message);
            return;
          }
          setConnection("reconnecting");
          onConnectionError(`${failure.message} Retrying…`);
          const delay =
            TOKEN_RETRY_DELAYS_MS[Math.min(tokenFailures++, TOKEN_RETRY_DELAYS_MS.length - 1)];
          retryTimer = setTimeout(() => socket.connect(), delay);
        },
      );
    },
  });

  function listen<E extends ServerEventName>(
    event: E,
    handler: (payload: ServerPayload<E>) => void,
  ) {
    // The typed map constrains emitters; what arrives is checked against the contract here.
    (socket as unknown as { on(event: string, listener: (raw: unknown) => void): void }).on(
      event,
      (raw) => {
        const parsed = serverEvents[event].safeParse(raw);
        if (parsed.success) handler(parsed.data as ServerPayload<E>);
        else
          console.warn(
            `Ignored a malformed ${event} event from the chat server`,
            parsed.error.issues,
          );
      },
    );
  }

  socket.on("connect", () => {
    tokenExpired = false;
    tokenRetries = 0;
    setConnection("connected");
    onConnectionError(null);
  });
  socket.on("connect_error", (error) => {
    // Still active: the transport failed and Socket.IO retries by itself.
    if (socket.active) return setConnection("reconnecting");
    const refusal = errorBodySchema.safeParse((error as Error & { data?: unknown }).data);
    const code = refusal.success ? refusal.data.code : undefined;
    if (
      (code === "token_expired" || code === "token_invalid") &&
      tokenRetries++ < MAX_TOKEN_RETRIES
    ) {
      setConnection("reconnecting");
      socket.connect();
      return;
    }
    setConnection("offline");
    onConnectionError(
      refusal.success ? refusal.data.message : `Could not connect to the chat: ${error.message}`,
    );
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return setConnection("offline");
    if (reason === "io server disconnect") {
      // The server closes a socket whose token expired; the next connect fetches a new token.
      if (!tokenExpired) return setConnection("offline");
      setConnection("reconnecting");
      socket.connect();
      return;
    }
    setConnection("reconnecting");
  });

  listen("session:ready", (snapshot) => dispatch({ type: "ready", snapshot }));
  listen("chat:delta", ({ message_id, delta }) => dispatch({ type: "delta", message_id, delta }));
  listen("chat:message", (message) => dispatch({ type: "message", message }));
  listen("chat:status", (status) => dispatch({ type: "status", status }));
  listen("session:ended", (summary) => dispatch({ type: "ended", summary }));
  listen("session:updated", ({ manager, limits }) =>
    dispatch({ type: "updated", manager, limits }),
  );
  listen("delegation:preview", (plan) => dispatch({ type: "preview", plan }));
  listen("task:updated", (update) => dispatch({ type: "task", update }));
  listen("chat:error", (error) => {
    if (error.code === "token_expired") tokenExpired = true;
    else onError(error.message);
  });

  return {
    socket,
    reconnect() {
      clearTimeout(retryTimer);
      tokenRetries = 0;
      setConnection("reconnecting");
      socket.connect();
    },
    close() {
      isClosed = true;
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}

"use client";

// One team's chat session in the browser: the socket, the state it feeds, and the actions the
// panel offers. Every action waits for the server's ack; a refusal is reported, never swallowed.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { z } from "zod";
import { clientEvents, type Ack, type ClientEventName, type PlanDraft } from "@/lib/protocol";
import { openChatConnection, type ChatConnection } from "./chat-socket";
import { chatReducer, initialChatState } from "./chat-state";
import { newClientId } from "./chat-token";

const ACK_TIMEOUT_MS = 15_000;

type Payload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]["payload"]>;
type Data<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["data"]>;

class ChatRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<E extends ClientEventName>(
  connection: ChatConnection | null,
  event: E,
  payload: Payload<E>,
): Promise<Data<E>> {
  const socket = connection?.socket;
  if (!socket?.connected)
    throw new ChatRequestError(
      "offline",
      "You are offline. Wait for the connection to come back and try again.",
    );
  let reply: Ack<unknown>;
  try {
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: Payload<E>): Promise<Ack<unknown>>;
    };
    reply = await timed.emitWithAck(event, payload);
  } catch {
    throw new ChatRequestError(
      "timeout",
      "The server did not answer in time. Check your connection and try again.",
    );
  }
  if (!reply.ok) throw new ChatRequestError(reply.error.code, reply.error.message);
  const data = clientEvents[event].data.safeParse(reply.data);
  if (!data.success)
    throw new ChatRequestError(
      "bad_reply",
      "The server sent an answer this page cannot read. Reload to continue.",
    );
  return data.data as Data<E>;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : "Something went wrong.";

/** A delegation action's outcome: the card shows some refusals itself (a stale version). */
export type DelegationResult<T> =
  { ok: true; data: T } | { ok: false; code: string; message: string };
type DelegationEvent = "delegation:update" | "delegation:confirm" | "delegation:cancel";
/** Refusals the preview card explains in place; every other one goes to the chat's alert. */
const SHOWN_ON_CARD = new Set(["stale_version"]);

export function useChatSession(teamSlug: string) {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [alert, setAlert] = useState<string | null>(null);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const connection = useRef<ChatConnection | null>(null);
  // A send that timed out keeps its client_id, so sending the same text again cannot store it twice.
  const unconfirmed = useRef<{ text: string; clientId: string } | null>(null);

  useEffect(() => {
    const opened = openChatConnection(teamSlug, dispatch, {
      onConnectionError: setConnectionError,
      onError: setAlert,
    });
    connection.current = opened;
    return () => {
      opened.close();
      if (connection.current === opened) connection.current = null;
    };
  }, [teamSlug]);

  /** Sends a message; resolves false (after reporting why) when it was not stored. */
  const send = useCallback(async (text: string): Promise<boolean> => {
    const clientId =
      unconfirmed.current?.text === text ? unconfirmed.current.clientId : newClientId();
    const createdAt = new Date().toISOString();
    dispatch({
      type: "optimistic",
      message: {
        id: `pending:${clientId}`,
        role: "user",
        content: text,
        token_count: 0,
        created_at: createdAt,
        metadata: { client_id: clientId },
        pending: true,
      },
    });
    try {
      const { message } = await request(connection.current, "chat:send", {
        text,
        client_id: clientId,
      });
      unconfirmed.current = null;
      dispatch({ type: "message", message });
      setAlert(null);
      return true;
    } catch (error) {
      dispatch({ type: "discard", client_id: clientId });
      unconfirmed.current =
        error instanceof ChatRequestError && error.code === "timeout" ? { text, clientId } : null;
      setAlert(messageOf(error));
      return false;
    }
  }, []);

  const run = useCallback(
    async <E extends ClientEventName>(event: E, then: (data: Data<E>) => void) => {
      try {
        then(await request(connection.current, event, {} as Payload<E>));
      } catch (error) {
        setAlert(messageOf(error));
      }
    },
    [],
  );

  const stop = useCallback(() => run("chat:stop", () => {}), [run]);
  const endSession = useCallback(
    () => run("session:end", (summary) => dispatch({ type: "ended", summary })),
    [run],
  );
  const restart = useCallback(
    () =>
      run("session:restart", (snapshot) => {
        setAlert(null);
        dispatch({ type: "ready", snapshot });
      }),
    [run],
  );

  const delegate = useCallback(
    async <E extends DelegationEvent>(
      event: E,
      payload: Payload<E>,
    ): Promise<DelegationResult<Data<E>>> => {
      try {
        const data = await request(connection.current, event, payload);
        setAlert(null);
        return { ok: true, data };
      } catch (error) {
        const code = error instanceof ChatRequestError ? error.code : "internal";
        if (!SHOWN_ON_CARD.has(code)) setAlert(messageOf(error));
        return { ok: false, code, message: messageOf(error) };
      }
    },
    [],
  );
  /** Saves an edit of the whole plan made against `version`; the new version replaces the shown one. */
  const updatePlan = useCallback(
    async (planId: string, version: number, draft: PlanDraft) => {
      const result = await delegate("delegation:update", { plan_id: planId, version, draft });
      if (result.ok) dispatch({ type: "preview", plan: result.data });
      return result;
    },
    [delegate],
  );
  const confirmPlan = useCallback(
    (planId: string, version: number) =>
      delegate("delegation:confirm", { plan_id: planId, version }),
    [delegate],
  );
  const cancelPlan = useCallback(
    async (planId: string) => {
      const result = await delegate("delegation:cancel", { plan_id: planId });
      if (result.ok) dispatch({ type: "preview", plan: result.data });
      return result;
    },
    [delegate],
  );

  const reconnect = useCallback(() => {
    setConnectionError(null);
    connection.current?.reconnect();
  }, []);
  const dismissAlert = useCallback(() => {
    setAlert(null);
    setConnectionError(null);
  }, []);

  // An action's error is the more recent news; a connection problem shows when there is none.
  return {
    state,
    alert: alert ?? connectionError,
    send,
    stop,
    endSession,
    restart,
    reconnect,
    dismissAlert,
    delegation: { updatePlan, confirmPlan, cancelPlan },
  };
}

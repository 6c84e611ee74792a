// One WS /chat session, speaking ELF's frames (elf-contract.md §3) on top of any TeamManager:
// greeting, then for each message a thinking status and one whole reply (ELF does not stream).
import { countTokens } from "gpt-tokenizer";
import { CHAT_CONFIG_DEFAULTS } from "@/lib/teams/schemas";
import type { Logger } from "pino";
import WebSocket, { type RawData } from "ws";
import type { ElfTokenClaims } from "@/lib/protocol/elf";
import {
  clientFrameSchema,
  delegationSpecSchema,
  parseFrame,
  type ServerFrameInput,
} from "@/server/managers/elf/frames";
import {
  ManagerUnavailableError,
  type ManagerConnection,
  type ManagerEvent,
} from "@/server/managers/types";
import type { TeamServerDeps } from "./routes";
import type { ChatSessionState } from "./state";

// ELF's default context_window_messages.
const CONTEXT_WINDOW = CHAT_CONFIG_DEFAULTS.context_window_messages;
// Counted like the Control Center counts messages, when the manager reports no usage.
const estimateTokens = (text: string) => countTokens(text);

type DoneEvent = Extract<ManagerEvent, { type: "done" }>;

export function runChatSession(ws: WebSocket, claims: ElfTokenClaims, deps: TeamServerDeps): void {
  const { profile, manager, state } = deps;
  const session = state.openSession(claims.user_id);
  const logger = deps.logger.child({ session: session.id, user: claims.user_id });
  const stop = new AbortController();
  const send = (frame: ServerFrameInput) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const fail = (error: unknown, what: string) => {
    logger.error({ err: error }, what);
    ws.close(1011, "internal error");
  };

  const opened = (async () => {
    const connection = await manager.open({
      team: profile,
      user: { id: claims.user_id, role: claims.role ?? claims.roles[0] ?? "user" },
      sessionId: session.id,
    });
    const message = await connection.greeting();
    session.history.push({ role: "assistant", content: message });
    session.messageCount += 1;
    send({
      type: "greeting",
      session_id: session.id,
      message,
      manager: profile.manager_role,
      team: profile.name,
    });
    logger.info("chat session opened");
    return connection;
  })();

  const answer = async (connection: ManagerConnection, text: string) => {
    send({ type: "status", status: "thinking" });
    session.history.push({ role: "user", content: text });
    session.messageCount += 1;
    const started = performance.now();
    let streamed = "";
    let done: DoneEvent | undefined;
    try {
      await state.track("reply", async () => {
        for await (const event of connection.reply(
          session.history.slice(-CONTEXT_WINDOW),
          stop.signal,
        )) {
          if (event.type === "delta") streamed += event.text;
          if (event.type === "done") done = event;
        }
      });
    } catch (error) {
      if (!(error instanceof ManagerUnavailableError)) throw error;
      return send({ type: "error", message: error.reason });
    }
    if (stop.signal.aborted) return;
    const content = done?.content ?? streamed;
    session.history.push({ role: "assistant", content });
    session.messageCount += 1;
    session.totalTokens += done?.tokens ?? estimateTokens(text) + estimateTokens(content);
    acceptPreview(session, done?.draft, logger);
    send({
      type: "message",
      content,
      thinking_time: Math.round(performance.now() - started) / 1000,
      ready_to_delegate: session.preview !== null,
      metadata: { message_count: session.messageCount, total_tokens: session.totalTokens },
    });
    // Like ELF, the plan is re-sent after every message once there is one.
    if (session.preview)
      send({
        type: "delegation_preview",
        delegation: session.preview,
        requires_confirmation: true,
      });
  };

  const handle = async (connection: ManagerConnection, data: RawData, isBinary: boolean) => {
    const parsed = parseFrame(clientFrameSchema, data, isBinary);
    if (!parsed.ok) return send({ type: "error", message: `invalid frame: ${parsed.reason}` });
    const frame = parsed.frame;
    if (frame.type === "end_session") {
      send({ type: "session_ended", summary: summarise(session) });
      return ws.close(1000, "session ended");
    }
    if (frame.session_id && frame.session_id !== session.id) {
      return send({ type: "error", message: `unknown session_id ${frame.session_id}` });
    }
    await answer(connection, frame.message);
  };

  // Frames are answered one at a time, in order, as ELF does; those sent before the greeting wait.
  let queue = opened.then(
    () => true,
    (error: unknown) => {
      fail(error, "the team manager could not start a session");
      return false;
    },
  );
  ws.on("message", (data, isBinary) => {
    queue = queue.then(async (alive) => {
      if (!alive || ws.readyState !== WebSocket.OPEN) return false;
      try {
        await handle(await opened, data, isBinary);
        return true;
      } catch (error) {
        fail(error, "a chat message failed");
        return false;
      }
    });
  });
  ws.on("error", (error) => logger.warn({ err: error }, "chat socket error"));
  ws.on("close", (code) => {
    stop.abort();
    state.endSession(session);
    logger.info({ code }, "chat session closed");
    void queue
      .then(async () => (await opened.catch(() => null))?.close())
      .catch((error: unknown) => logger.warn({ err: error }, "closing the manager failed"));
  });
}

/** The manager's proposed plan becomes ELF's DelegationSpec (the plan uses ELF's field names). */
function acceptPreview(session: ChatSessionState, proposal: unknown, logger: Logger): void {
  if (proposal === undefined) return;
  const parsed = delegationSpecSchema.safeParse(proposal);
  if (!parsed.success)
    return logger.warn({ issues: parsed.error.issues }, "ignored an invalid delegation proposal");
  // Stamped as ELF stamps its DelegationSpec: created when the session's plan was first offered,
  // updated at each revision.
  const now = new Date().toISOString();
  session.preview = {
    ...parsed.data,
    source: parsed.data.source ?? "chat_interface",
    session_id: session.id,
    user_id: session.userId,
    created_at: session.preview?.created_at ?? parsed.data.created_at ?? now,
    updated_at: now,
  };
  session.confirmed = null;
}

function summarise(session: ChatSessionState) {
  return {
    session_id: session.id,
    duration_seconds: Math.round((Date.now() - session.startedAt.getTime()) / 1000),
    total_messages: session.messageCount,
    total_tokens: session.totalTokens,
    delegation_created: session.confirmed !== null,
    end_reason: "user_ended",
  };
}

// The ELF team-server manager: a team whose manager runs as an ELF team server, reached over
// `WS /chat?token=…` exactly as elf-contract.md §3 describes.
import type { Logger } from "pino";
import { mintChatToken } from "@/lib/auth/chat-token";
import { getLogger } from "@/lib/logger";
import type { ManagerSessionContext, TeamManager } from "../types";
import { openElfConnection, type ElfConnection } from "./connection";
import { openUpstreamLink } from "./link";

export type { ElfConnection } from "./connection";
export type { DelegationSpec } from "./frames";
export type { ElfPreview } from "./preview";

export interface ElfManagerOptions {
  /** The team server's base URL, e.g. http://marketing-team-service.elf-teams (http or https). */
  baseUrl: string;
  /** JWT_SECRET_KEY, shared with the team server. */
  secret: string;
  tokenTtlSeconds: number;
  logger?: Logger;
  /** From dialling to the greeting frame. */
  connectTimeoutMs?: number;
  /** From sending a message to its reply; ELF runs its crew inside this wait. */
  replyTimeoutMs?: number;
  /**
   * How long a session's ELF line stays open after its last tab left (default 120 s): a tab
   * that comes back (a reload, a dropped network) finds the same ELF session. 0 ends it at once.
   */
  sessionGraceSeconds?: number;
}

export interface ElfManager extends TeamManager {
  readonly kind: "elf";
  readonly label: string;
  open(context: ManagerSessionContext): Promise<ElfConnection>;
}

export function createElfManager(options: ElfManagerOptions): ElfManager {
  const base = new URL(options.baseUrl);
  if (!["http:", "https:", "ws:", "wss:"].includes(base.protocol)) {
    throw new Error(
      `A team server URL must start with http:// or https:// (got ${options.baseUrl}).`,
    );
  }
  const label = `ELF team server at ${options.baseUrl}`;
  const logger = options.logger ?? getLogger().child({ teamServer: options.baseUrl });
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 120_000;
  const graceMs = (options.sessionGraceSeconds ?? 120) * 1000;
  /** Lines whose session has no tab open, by Control Center session id, until the grace ends. */
  const parked = new Map<string, { connection: ElfConnection; timer: NodeJS.Timeout }>();

  const park = (sessionId: string, connection: ElfConnection): boolean => {
    if (graceMs <= 0) return false;
    clearTimeout(parked.get(sessionId)?.timer);
    const timer = setTimeout(() => {
      if (parked.get(sessionId)?.connection !== connection) return;
      parked.delete(sessionId);
      void connection.close(); // the grace is over: ELF's session ends (end_session)
    }, graceMs);
    timer.unref();
    parked.set(sessionId, { connection, timer });
    return true;
  };

  /** The session's line kept through its grace, if it is still good. */
  const resume = (sessionId: string): ElfConnection | null => {
    const waiting = parked.get(sessionId);
    if (!waiting) return null;
    parked.delete(sessionId);
    clearTimeout(waiting.timer);
    if (waiting.connection.isLive) return waiting.connection;
    void waiting.connection.close();
    return null;
  };

  return {
    kind: "elf",
    label,
    async open(context) {
      const sessionLogger = logger.child({ session: context.sessionId, team: context.team.name });
      const resumed = resume(context.sessionId);
      if (resumed) {
        sessionLogger.info(
          { elfSession: resumed.upstreamSessionId },
          "a tab came back within the grace: same ELF session",
        );
        return resumed;
      }
      return openElfConnection({
        park: (connection) => park(context.sessionId, connection),
        label,
        baseUrl: options.baseUrl,
        teamName: context.team.name,
        replyTimeoutMs,
        logger: sessionLogger,
        notice: context.notice,
        // Each socket gets a fresh token: a reconnect may come long after the first one expired.
        async dial(handlers) {
          const { token } = await mintChatToken({
            for: "elf",
            userId: context.user.id,
            teamSlug: context.team.name,
            role: context.user.role,
            ttlSeconds: options.tokenTtlSeconds,
            secret: options.secret,
          });
          return openUpstreamLink({
            baseUrl: options.baseUrl,
            token,
            connectTimeoutMs,
            logger: sessionLogger,
            ...handlers,
          });
        },
      });
    },
  };
}

/** Narrows a connection to the ELF one, for the delegation flow that needs its previews. */
export function isElfConnection(connection: { kind: string }): connection is ElfConnection {
  return connection.kind === "elf" && "latestPreview" in connection;
}

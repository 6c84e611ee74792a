import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import type { SessionSnapshot } from "@/lib/protocol";
import type { DelegationDesk } from "../delegation";
import type { ChatLimits } from "../limits";
import type { OwnerLink } from "../owner-link";
import type { SessionRegistry } from "../sessions";
import type { SessionRuntime } from "../session-runtime";
import type { ChatSocket } from "../types";

/** What every handler of one socket's events may use. */
export interface HandlerContext {
  socket: ChatSocket;
  log: Logger;
  sql: Sql;
  sessions: SessionRegistry;
  desk: DelegationDesk;
  limits: ChatLimits;
  /** Runs what a tab asks where the session's owner is. */
  owners: OwnerLink;
  /** The runtime of the socket's session; refuses while the session is still opening. */
  current(): SessionRuntime;
  /** Joins the user's open session (opening a new one if there is none) and sends its snapshot. */
  join(): Promise<SessionSnapshot>;
}

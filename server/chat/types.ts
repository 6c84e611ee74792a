import type { Namespace, Socket } from "socket.io";
import type { ChatTokenClaims } from "@/lib/auth/chat-token";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/protocol";
import type { Team } from "@/lib/teams/schemas";
import type { User } from "@/lib/users/schemas";

export interface ChatSocketData {
  user: User;
  team: Team;
  claims: ChatTokenClaims;
}

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;

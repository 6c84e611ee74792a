import type { Namespace, Socket } from "socket.io";
import type { ChatTokenClaims } from "@/lib/auth/chat-token";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/protocol";
import type { Team } from "@/lib/teams/schemas";
import type { User } from "@/lib/users/schemas";
import type { OwnerAnswer, OwnerRequest } from "./owner-link";

export interface ChatSocketData {
  user: User;
  team: Team;
  claims: ChatTokenClaims;
}

/** Between the instances of a fleet: a request to a session's owner (owner-link.ts). */
export interface FleetEvents {
  "cc:owner-request": (request: OwnerRequest, reply: (answer: OwnerAnswer | null) => void) => void;
}

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  FleetEvents,
  ChatSocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  FleetEvents,
  ChatSocketData
>;

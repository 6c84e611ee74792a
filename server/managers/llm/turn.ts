// One reply of the LLM manager, as the two ways of answering share it: with the plan tool
// (./tool-turn) or in plain text with the plan asked for as JSON (./text-turn).
import type { LanguageModel } from "ai";
import type { PlanDraft } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";
import type { ChatTurn } from "../types";
import type { OrgClock } from "./clock";

export interface TurnInput {
  model: LanguageModel;
  system: string;
  /** Strictly alternating, user first, ending with the message to answer. */
  turns: ChatTurn[];
  team: TeamProfile;
  clock: OrgClock;
  signal: AbortSignal;
}

export interface TurnResult {
  /** What was streamed. */
  content: string;
  /** Tokens the server reported for every request of the reply; undefined when it did not. */
  tokens?: number;
  draft?: PlanDraft;
  /** Every proposal of the reply was refused: why the last one was, and how many were made. */
  refused?: { reasons: string[]; attempts: number };
}

/** Yields the reply's text as it streams; returns the reply. Model failures are thrown as they are. */
export type TurnStream = AsyncGenerator<string, TurnResult>;

export const addTokens = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : a + b;

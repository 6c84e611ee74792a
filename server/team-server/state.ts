// What a team server remembers while it runs: chat sessions (for delegation confirms), queued
// work, and activity for GET /status. In memory: a team server is one team's stateless front.
import { randomUUID } from "node:crypto";
import type { DelegationSpec } from "@/lib/protocol/elf";
import type { ChatTurn } from "@/server/managers/types";

export interface ChatSessionState {
  id: string;
  userId: string;
  startedAt: Date;
  endedAt: Date | null;
  history: ChatTurn[];
  messageCount: number;
  totalTokens: number;
  /** The latest plan offered in this session, until it is confirmed or cancelled. */
  preview: DelegationSpec | null;
  confirmed: { taskId: string; delegation: DelegationSpec } | null;
}

export interface QueuedTask {
  id: string;
  source: "task" | "delegation";
  title: string;
  requestedBy: string;
  queuedAt: string;
}

// Ended sessions stay confirmable for a while; beyond this many the oldest are forgotten.
const MAX_SESSIONS = 1_000;
const MAX_QUEUED = 10_000;

export class TeamServerState {
  readonly sessions = new Map<string, ChatSessionState>();
  readonly queued: QueuedTask[] = [];
  /** Starts at the server's start: ELF reports a time here, never null. */
  lastActivity = new Date();
  private running = { task: 0, reply: 0 };

  openSession(userId: string): ChatSessionState {
    const session: ChatSessionState = {
      id: randomUUID(),
      userId,
      startedAt: new Date(),
      endedAt: null,
      history: [],
      messageCount: 0,
      totalTokens: 0,
      preview: null,
      confirmed: null,
    };
    this.sessions.set(session.id, session);
    this.forgetOldSessions();
    this.touch();
    return session;
  }

  endSession(session: ChatSessionState): void {
    session.endedAt ??= new Date();
  }

  queue(task: Omit<QueuedTask, "id" | "queuedAt">): QueuedTask {
    const queued = { ...task, id: randomUUID(), queuedAt: new Date().toISOString() };
    this.queued.push(queued);
    if (this.queued.length > MAX_QUEUED) this.queued.shift();
    this.touch();
    return queued;
  }

  /** Marks the manager busy while `work` runs; a "task" also counts as an active task. */
  async track<T>(kind: "task" | "reply", work: () => Promise<T>): Promise<T> {
    this.running[kind] += 1;
    this.touch();
    try {
      return await work();
    } finally {
      this.running[kind] -= 1;
      this.touch();
    }
  }

  get activeTasks(): number {
    return this.running.task + this.queued.length;
  }

  get isBusy(): boolean {
    return this.running.task + this.running.reply > 0;
  }

  touch(): void {
    this.lastActivity = new Date();
  }

  private forgetOldSessions(): void {
    for (const [id, session] of this.sessions) {
      if (this.sessions.size <= MAX_SESSIONS) return;
      if (session.endedAt) this.sessions.delete(id);
    }
  }
}

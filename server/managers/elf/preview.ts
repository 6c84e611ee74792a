// The latest delegation preview an ELF session offered. ELF re-sends the preview after every
// message once it is ready, so only a changed plan counts as a new version.
import type { Logger } from "pino";
import type { PlanDraft } from "@/lib/protocol";
import type { DelegationSpec } from "./frames";

export interface ElfPreview {
  /** The ELF session that offered it: /chat/delegation/confirm needs this id. */
  session_id: string;
  delegation: DelegationSpec;
  /** The plan as the chat shows it (draftFromElfSpec of `delegation`). */
  draft: PlanDraft;
  requires_confirmation: boolean;
  /** 1 for the first plan of this connection, +1 for every change (not for a new session id alone). */
  version: number;
}

export type PreviewListener = (preview: ElfPreview) => void;

// ELF stamps these on every re-send; they do not make a different plan.
const VOLATILE_KEYS = new Set(["created_at", "updated_at"]);

function canonical(value: unknown, top = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, false)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([key, v]) => v !== undefined && !(top && VOLATILE_KEYS.has(key)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, false)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export class PreviewTracker {
  private latest: ElfPreview | null = null;
  private latestKey = "";
  private readonly listeners = new Set<PreviewListener>();

  constructor(private readonly logger: Logger) {}

  current(): ElfPreview | null {
    return this.latest;
  }

  subscribe(listener: PreviewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unsubscribeAll(): void {
    this.listeners.clear();
  }

  offer(
    sessionId: string,
    delegation: DelegationSpec,
    draft: PlanDraft,
    requiresConfirmation: boolean,
  ): void {
    const key = `${requiresConfirmation}:${canonical(delegation)}`;
    if (this.latest && key === this.latestKey) {
      // Same plan: a repeat is news only from a new ELF session after a reconnect, as listeners
      // must confirm through the session that holds the plan now.
      if (this.latest.session_id === sessionId) return;
      this.latest = { ...this.latest, session_id: sessionId };
    } else {
      const version = (this.latest?.version ?? 0) + 1;
      this.latest = {
        session_id: sessionId,
        delegation,
        draft,
        requires_confirmation: requiresConfirmation,
        version,
      };
      this.latestKey = key;
    }
    for (const listener of this.listeners) {
      try {
        listener(this.latest);
      } catch (error) {
        this.logger.error({ err: error }, "a delegation preview listener failed");
      }
    }
  }
}

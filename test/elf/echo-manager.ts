// A TeamManager for tests at the edge of the world: it echoes the last user turn, word by word,
// and misbehaves on request ("hang", "slow", "stall", "fail", "crash", "plan: <title>").
import { planDraftSchema } from "@/lib/protocol";
import { setTimeout as delay } from "node:timers/promises";
import type { ManagerKind } from "@/lib/protocol";
import {
  ManagerUnavailableError,
  type ManagerEvent,
  type TeamManager,
} from "@/server/managers/types";

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }),
  );

const STALL_MS = 4_000;

export function createEchoManager(kind: ManagerKind = "llm"): TeamManager {
  return {
    kind,
    async open({ team }) {
      return {
        kind,
        label: "Echo test manager",
        async greeting() {
          return `Hello! I'm the ${team.manager_role} of ${team.display_name} (echo test manager).`;
        },
        async *reply(history, signal): AsyncIterable<ManagerEvent> {
          const text = history.findLast((turn) => turn.role === "user")?.content ?? "";
          // A trigger word opens the message, or a line of it (POST /task wraps the description).
          const says = (word: string) => text.startsWith(word) || text.includes(`\n${word}`);
          yield { type: "thinking" };
          if (says("hang")) {
            await untilAborted(signal);
            return;
          }
          if (says("slow")) await delay(300, undefined, { signal }).catch(() => {});
          // Long enough for a person to stop the reply, short enough to free the session after.
          if (says("stall")) await delay(STALL_MS, undefined, { signal }).catch(() => {});
          if (signal.aborted) return;
          if (says("fail")) throw new ManagerUnavailableError("the echo manager failed on purpose");
          if (says("crash")) throw new Error("the echo manager crashed on purpose");
          if (says("plan:")) {
            const title = text.slice(text.indexOf("plan:") + "plan:".length).trim();
            const draft = planDraftSchema.parse({
              title,
              description: `Deliver: ${title}`,
              objective: title,
              priority: "high",
              deadline: null,
              estimated_hours: null,
              success_criteria: [],
              constraints: [],
              requirements: [],
              subtasks: team.subteams.map((t, i) => ({
                id: `s${i + 1}`,
                title: `${t.display_name}: ${title}`,
                instructions: title,
                team: t.name,
                rationale: "echo",
                depends_on: [],
                estimated_hours: null,
              })),
              suggested_teams: team.subteams.map((t) => t.name),
              confidence_level: null,
              chat_summary: title,
            });
            yield { type: "done", content: `Here is a plan: ${title}`, draft };
            return;
          }
          const reply = `echo: ${text}`;
          for (const word of reply.split(/(?<= )/)) yield { type: "delta", text: word };
          yield { type: "done", content: reply, tokens: reply.split(" ").length };
        },
        async close() {},
      };
    },
  };
}

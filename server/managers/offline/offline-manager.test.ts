import { describe, expect, it } from "vitest";
import type { ChatTurn, ManagerConnection, ManagerEvent } from "../types";
import { createOfflineManager, splitIntoDeltas } from "./index";
import { SAMPLE_NOW, SAMPLE_TIMEZONE, loadSampleProfile } from "@/test/fixtures/sample-requests";

async function openFor(slug: string): Promise<ManagerConnection> {
  const manager = createOfflineManager({ now: () => SAMPLE_NOW, timezone: SAMPLE_TIMEZONE });
  return manager.open({
    team: loadSampleProfile(slug),
    user: { id: "user-1", role: "user" },
    sessionId: "session-1",
  });
}

async function collect(
  events: AsyncIterable<ManagerEvent>,
  onEvent?: (event: ManagerEvent) => void,
) {
  const seen: ManagerEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    onEvent?.(event);
  }
  return seen;
}

const PLAN_REQUEST: ChatTurn[] = [
  { role: "assistant", content: "greeting" },
  {
    role: "user",
    content: "Build a landing page for the launch and post about it on LinkedIn by next Friday.",
  },
];

describe("the offline manager", () => {
  it("is the offline kind and says so in its label", async () => {
    const connection = await openFor("executive-team");
    expect(createOfflineManager().kind).toBe("offline");
    expect(connection).toMatchObject({ kind: "offline", label: "Offline planner" });
  });

  it("greets as the offline planner of its team, says it is not AI, names the manager role and asks", async () => {
    const greeting = await (await openFor("engineering-team")).greeting();
    expect(greeting).toContain("offline planner for **Engineering**");
    expect(greeting).toMatch(/No language model is configured/);
    expect(greeting).toMatch(/not AI/);
    expect(greeting).toContain("Engineering Manager");
    expect(greeting.trimEnd()).toMatch(/What do you need Engineering to do\?$/);
  });

  it("streams the reply: thinking, then deltas that join to the final content", async () => {
    const events = await collect(
      (await openFor("executive-team")).reply(PLAN_REQUEST, new AbortController().signal),
    );
    const deltas = events.filter((e) => e.type === "delta");
    const done = events.at(-1);
    expect(events[0]).toEqual({ type: "thinking" });
    expect(deltas.length).toBeGreaterThan(10);
    expect(done?.type).toBe("done");
    expect(done?.type === "done" && done.content).toBe(deltas.map((d) => d.text).join(""));
    // The plan itself goes to the card (the draft); the words name the teams it picked.
    expect(done?.type === "done" && done.content).toContain("Social Media");
    expect(done?.type === "done" && done.draft?.subtasks.map((s) => s.team)).toContain(
      "social-media-team",
    );
  });

  it("stops streaming as soon as the signal aborts, without a done event", async () => {
    const controller = new AbortController();
    const events = await collect(
      (await openFor("executive-team")).reply(PLAN_REQUEST, controller.signal),
      (event) => {
        if (event.type === "delta") controller.abort();
      },
    );
    expect(events.map((e) => e.type)).toEqual(["thinking", "delta"]);
  });

  it("says nothing when the signal was aborted before it started", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      await collect((await openFor("executive-team")).reply(PLAN_REQUEST, controller.signal)),
    ).toEqual([]);
  });

  it("answers the same history with the same words, and claims no work was done", async () => {
    const connection = await openFor("executive-team");
    const [first, second] = await Promise.all(
      [1, 2].map(async () =>
        (await collect(connection.reply(PLAN_REQUEST, new AbortController().signal))).at(-1),
      ),
    );
    expect(first).toEqual(second);
    expect(first?.type === "done" && first.content).toContain(
      "nothing is sent to any team until you confirm",
    );
  });
});

describe("splitIntoDeltas", () => {
  it.each(["", "one", "  leading and trailing  ", "Line one\n\n- item **bold**\n"])(
    "joins back to %j exactly",
    (text) => {
      expect(splitIntoDeltas(text).join("")).toBe(text);
    },
  );
});

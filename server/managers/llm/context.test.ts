import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChatTurn } from "../types";
import { toAlternatingContext } from "./context";

const turn = fc.record({
  role: fc.constantFrom("user" as const, "assistant" as const),
  content: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constant(" ")),
});

describe("toAlternatingContext", () => {
  it("moves the greeting out of the turns and merges back-to-back user messages", () => {
    const history: ChatTurn[] = [
      { role: "assistant", content: "Hello, I'm the CEO." },
      { role: "user", content: "Plan the launch" },
      { role: "user", content: "Hello?" },
      { role: "assistant", content: "By when?" },
      { role: "user", content: "Friday" },
    ];
    expect(toAlternatingContext(history)).toEqual({
      opening: "Hello, I'm the CEO.",
      turns: [
        { role: "user", content: "Plan the launch\n\nHello?" },
        { role: "assistant", content: "By when?" },
        { role: "user", content: "Friday" },
      ],
    });
  });

  it("always starts with the user, alternates strictly, and keeps every word in order", () => {
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 30 }), (history) => {
        const { turns, opening } = toAlternatingContext(history);
        turns.forEach((t, i) => expect(t.role).toBe(i % 2 === 0 ? "user" : "assistant"));
        const said = history.filter((t) => t.content.trim()).map((t) => t.content);
        const kept = [opening, ...turns.map((t) => t.content)].filter((t) => t !== null);
        expect(kept.join("\n\n")).toBe(said.join("\n\n"));
      }),
    );
  });
});

// The LLM manager proposes plans through its propose_delegation tool: a valid proposal becomes
// the chat's plan card; a refused one goes back to the model, which may try again; a model that
// never gets it right ends its reply saying so, with no plan. The model is the AI SDK's mock.
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadTeamProfile, seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import { createLlmManager } from "@/server/managers/llm";
import { assignableTeams, MAX_PROPOSALS, PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import type { ManagerEvent, TeamManager } from "@/server/managers/types";
import { collect } from "@/test/elf/support";
import { testDraft } from "@/test/fixtures/plan-draft";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";
import { scriptedTurnsModel, textChunks, toolCallChunks } from "@/test/support/mock-model";

let harness: ChatHarness;
let current: TeamManager;

beforeAll(async () => {
  // Each test scripts its own model; the harness's built-in manager hands over to it.
  harness = await startChatHarness(inject("pgAdminUrl"), {
    builtin: { kind: "llm", open: (context) => current.open(context) },
  });
});
afterAll(() => harness.close());

const executive = () => seedTeamProfile(SEED_TEAMS, "executive-team")!;
const valid = testDraft();
const INTRO = "Here is the plan I suggest. ";

function useModel(turn: Parameters<typeof scriptedTurnsModel>[0]) {
  const model = scriptedTurnsModel(turn);
  current = createLlmManager({ model, label: "Mock model" }, { logger: pino({ level: "silent" }) });
  return model;
}

/** What the model was told about its earlier proposals, as tool results in its prompt. */
function toolResults(prompt: LanguageModelV3Prompt): string[] {
  return prompt.flatMap((m) => (m.role === "tool" ? m.content.map((c) => JSON.stringify(c)) : []));
}

describe("LLM manager proposing plans", () => {
  it("shows a valid proposal as the chat's plan card, with the reply streamed before it", async () => {
    const model = useModel(() => toolCallChunks(PROPOSE_TOOL, valid, INTRO));
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    const preview = nextEvent(client, "delegation:preview");
    expect(
      (
        await client.emitWithAck("chat:send", {
          text: "Launch our analytics product; 500 sign-ups.",
        })
      ).ok,
    ).toBe(true);

    expect((await reply).content).toBe(INTRO);
    expect(await preview).toMatchObject({
      version: 1,
      status: "proposed",
      team: "executive-team",
      title: valid.title,
      subtasks: valid.subtasks,
    });
    expect(model.doStreamCalls).toHaveLength(1);
    // The model is offered exactly the teams it may assign: its own and the active ones below it.
    const offered = model.doStreamCalls[0]!.tools?.find((t) => t.name === PROPOSE_TOOL);
    const profile = (await loadTeamProfile(harness.db.sql, "executive-team"))!;
    const schema =
      offered && "inputSchema" in offered
        ? (offered.inputSchema as {
            properties: { subtasks: { items: { properties: { team: { enum: string[] } } } } };
          })
        : null;
    expect(schema?.properties.subtasks.items.properties.team.enum).toEqual(
      assignableTeams(profile),
    );
  });

  it("sends a refused proposal back to the model with the reason, and shows only the corrected plan", async () => {
    const unknownTeam = testDraft({
      subtasks: [{ ...valid.subtasks[0]!, team: "legal-team" }],
      suggested_teams: [],
    });
    const badDependency = testDraft({
      subtasks: [{ ...valid.subtasks[0]!, depends_on: ["s9"] }],
      suggested_teams: [],
    });
    const model = useModel((call) =>
      toolCallChunks(
        PROPOSE_TOOL,
        [unknownTeam, badDependency, valid][call],
        call === 0 ? INTRO : "",
      ),
    );
    const connection = await current.open({
      team: executive(),
      user: { id: "u1", role: "user" },
      sessionId: "s1",
    });
    const events = await collect(
      connection.reply([{ role: "user", content: "Go ahead" }], new AbortController().signal),
    );

    expect(model.doStreamCalls).toHaveLength(3);
    expect(toolResults(model.doStreamCalls[1]!.prompt).join()).toContain("legal-team");
    expect(toolResults(model.doStreamCalls[2]!.prompt).at(-1)).toContain(
      '\\"s9\\" is not another subtask of this plan',
    );
    const done = events.at(-1) as Extract<ManagerEvent, { type: "done" }>;
    expect(done).toMatchObject({ type: "done", content: INTRO, draft: valid });
  });

  it("ends in an honest message and no plan when every proposal is refused", async () => {
    const model = useModel(() => toolCallChunks(PROPOSE_TOOL, { title: "Plan", subtasks: [] }));
    const connection = await current.open({
      team: executive(),
      user: { id: "u1", role: "user" },
      sessionId: "s1",
    });
    const events = await collect(
      connection.reply([{ role: "user", content: "Go ahead" }], new AbortController().signal),
    );

    expect(model.doStreamCalls).toHaveLength(MAX_PROPOSALS);
    const done = events.at(-1) as Extract<ManagerEvent, { type: "done" }>;
    expect(done.draft).toBeUndefined();
    expect(done.content).toMatch(
      /^I tried to put this into a plan you can review, but could not produce a valid one after 3 attempts \(.+\), so no plan is shown\./,
    );
    // What was said is what was streamed: the notice is not only in the stored message.
    expect(
      events
        .filter((e) => e.type === "delta")
        .map((e) => (e as { text: string }).text)
        .join(""),
    ).toBe(done.content);
  });

  it("offers no tool and says so in its brief when the team turns previews off", async () => {
    const model = useModel(() => textChunks("Marketing should run the campaign."));
    const team = { ...executive(), delegation_preview: false };
    const connection = await current.open({
      team,
      user: { id: "u1", role: "user" },
      sessionId: "s1",
    });
    const events = await collect(
      connection.reply(
        [{ role: "user", content: "Plan the launch" }],
        new AbortController().signal,
      ),
    );

    expect(model.doStreamCalls[0]!.tools ?? []).toEqual([]);
    expect(JSON.stringify(model.doStreamCalls[0]!.prompt[0])).toContain(
      "Plans are not offered as previews",
    );
    expect(events.at(-1)).toMatchObject({
      type: "done",
      content: "Marketing should run the campaign.",
    });
    expect((events.at(-1) as { draft?: unknown }).draft).toBeUndefined();
  });
});

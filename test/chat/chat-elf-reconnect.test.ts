// One conversation across reconnects with a team server built like ELF's (the Python peer): a
// browser back within ELF_SESSION_GRACE_SECONDS finds the same ELF session (no end_session was
// sent); once the grace is over the ELF session ends, and the next one is handed the conversation
// so far in ELF's `context`.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "@/test/dispatch/support";
import { TEST_SECRETS } from "@/test/support/app-process";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { startElfPeer, type ElfPeer } from "@/test/support/elf-peer";

const GRACE_SECONDS = 4;
let peer: ElfPeer;
let harness: ChatHarness;

beforeAll(async () => {
  peer = await startElfPeer({ team: "executive-team", secret: TEST_SECRETS.JWT_SECRET_KEY });
  harness = await startChatHarness(inject("pgAdminUrl"), {
    env: {
      TEAM_SERVER_URLS: `executive-team=${peer.url}`,
      ELF_SESSION_GRACE_SECONDS: String(GRACE_SECONDS),
    },
  });
});
afterAll(async () => {
  await harness?.close();
  await peer?.stop();
});

async function say(client: ChatClient, text: string): Promise<string> {
  const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
  expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
  return (await reply).content;
}

describe("an ELF chat across reconnects", () => {
  it("keeps the ELF session for a tab back within the grace, and hands the conversation to the next one after it", async () => {
    const user = await harness.createUser("user");
    const open = async () => harness.connect(await harness.token(user, "executive-team"));

    const first = await open();
    expect(await say(first.client, "hello")).toBe("Noted: hello");
    const [elfSession] = await peer.sessions();
    expect(elfSession).toMatchObject({ ended: false, received: [{ message: "hello" }] });

    // A reload: the tab goes and comes back at once.
    const left = Date.now();
    first.client.disconnect();
    const second = await open();
    expect(Date.now() - left).toBeLessThan(GRACE_SECONDS * 1000); // or the test proves nothing
    expect(second.ready.session.id).toBe(first.ready.session.id);
    expect(await say(second.client, "and the budget")).toBe("Noted: and the budget");
    expect(await peer.sessions()).toEqual([
      {
        session_id: elfSession!.session_id,
        ended: false,
        received: [
          { message: "hello", context: {} },
          { message: "and the budget", context: {} },
        ],
      },
    ]);

    // Gone for longer than the grace: ELF's session is ended, as ELF expects.
    second.client.disconnect();
    await waitFor(
      () => peer.sessions(),
      (sessions) => sessions[0]!.ended,
      (GRACE_SECONDS + 10) * 1000,
    );

    // The next tab gets a new ELF session, handed what was said so far.
    const third = await open();
    expect(third.ready.session.id).toBe(first.ready.session.id);
    expect(await say(third.client, "where were we?")).toBe(
      "Noted: where were we? (given 5 earlier turns)",
    );
    const sessions = await peer.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.received[0]!.context).toEqual({
      conversation_history: [
        { role: "assistant", content: "Hello! I'm the Chief Executive Officer of executive-team." },
        { role: "user", content: "hello" },
        { role: "assistant", content: "Noted: hello" },
        { role: "user", content: "and the budget" },
        { role: "assistant", content: "Noted: and the budget" },
      ],
    });
    // On the same ELF session, later messages carry no hand-over.
    expect(await say(third.client, "thanks")).toBe("Noted: thanks");
    third.client.disconnect();
  }, 60_000);
});

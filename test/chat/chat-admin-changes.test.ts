// Admin changes reach open chats at once: turning chat off, or withdrawing a role from a team,
// ends the affected sessions politely (reason shown, history kept) and closes their sockets;
// others keep chatting with the new settings.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { updateTeamSettings } from "@/lib/teams/settings";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";

let harness: ChatHarness;
const admin = { id: "00000000-0000-4000-8000-00000000000a", email: "root@example.test" };

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"));
});
afterAll(() => harness.close());

const disconnected = (client: {
  once(event: "disconnect", fn: (reason: string) => void): unknown;
}) => new Promise<string>((resolve) => client.once("disconnect", resolve));

describe("admin changes and open chats", () => {
  it("turning chat off ends the session with the reason, keeps its history and refuses a reconnect", async () => {
    const user = await harness.createUser("user");
    const token = await harness.token(user, "operations-team");
    const { client, ready } = await harness.connect(token);
    const history = ready.history.length;
    const ended = nextEvent(client, "session:ended");
    const told = nextEvent(client, "chat:error");
    const closed = disconnected(client);

    await updateTeamSettings(
      harness.db.sql,
      "operations-team",
      { enable_chat_interface: false },
      admin,
    );

    expect(await ended).toMatchObject({ session_id: ready.session.id, reason: "chat_disabled" });
    expect(await told).toMatchObject({
      code: "chat_disabled",
      message: expect.stringMatching(/not enabled.*history is kept/),
    });
    expect(await closed).toBe("io server disconnect");
    const [session] = await harness.db.sql<{ ended_at: Date | null; messages: number }[]>`
      SELECT s.ended_at, (SELECT count(*)::int FROM team_chat_messages m WHERE m.session_id = s.id) AS messages
      FROM team_chat_sessions s WHERE s.id = ${ready.session.id}`;
    expect(session?.ended_at).toBeInstanceOf(Date);
    expect(session?.messages).toBe(history);
    expect((await harness.connectRefused(token)).data.code).toBe("chat_disabled");
  });

  it("withdrawing a role closes only that role's chats; the others get the new limits", async () => {
    const user = await harness.createUser("user");
    const other = await harness.createUser("admin");
    const userChat = await harness.connect(await harness.token(user, "finance-team"));
    const adminChat = await harness.connect(await harness.token(other, "finance-team"));
    const ended = nextEvent(userChat.client, "session:ended");

    await updateTeamSettings(
      harness.db.sql,
      "finance-team",
      { chat_config: { allowed_roles: ["admin"], max_messages_per_session: 1 } },
      admin,
    );

    expect(await ended).toMatchObject({ reason: "access_revoked" });
    // The admin's socket stays and is held to the new limit of one message.
    const reply = nextEvent(adminChat.client, "chat:message", (m) => m.role === "assistant");
    expect((await adminChat.client.emitWithAck("chat:send", { text: "Hello" })).ok).toBe(true);
    await reply;
    expect(await adminChat.client.emitWithAck("chat:send", { text: "Again" })).toMatchObject({
      ok: false,
      error: { code: "message_limit" },
    });
    expect(adminChat.client.connected).toBe(true);
  });

  it("a plan proposed after an admin changed the policy follows the new policy", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    await updateTeamSettings(
      harness.db.sql,
      "executive-team",
      { chat_config: { require_user_confirmation: false } },
      admin,
    );
    const confirmed = nextEvent(
      client,
      "delegation:preview",
      (plan) => plan.status === "confirmed",
    );
    const text =
      "Launch a marketing campaign for our analytics product by end of next month. Success means 500 sign-ups.";
    expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
    expect((await confirmed).task_id).toEqual(expect.any(String));
  });
});

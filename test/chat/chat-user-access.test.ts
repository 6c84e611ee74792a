// Open chat sockets follow the account: disabling a user or withdrawing their role ends their
// chats at once, and a password reset signs their sockets out, through the change bus, while
// everyone else keeps chatting.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resetUserPassword, setUserDisabled, setUserRole } from "@/lib/users/admin";
import {
  startChatHarness,
  nextEvent,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";

let harness: ChatHarness;
const admin = { id: null, email: "cli:test-admin" };

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"));
});
afterAll(() => harness.close());

const disconnected = (client: ChatClient) =>
  new Promise<string>((resolve) => client.once("disconnect", resolve));

async function send(client: ChatClient, text: string) {
  return client.timeout(10_000).emitWithAck("chat:send", { text, client_id: randomUUID() });
}

describe("chat sockets after an account change", () => {
  it("closes every socket of a disabled user with the reason, and keeps other users connected", async () => {
    const target = await harness.createUser("user");
    const bystander = await harness.createUser("user");
    const first = await harness.connect(await harness.token(target, "executive-team"));
    const second = await harness.connect(await harness.token(target, "engineering-team"));
    const other = await harness.connect(await harness.token(bystander, "executive-team"));
    const notices = [first, second].map(({ client }) =>
      nextEvent(client, "chat:error", (e) => e.code === "user_disabled"),
    );
    const ended = nextEvent(first.client, "session:ended");
    const closed = [first, second].map(({ client }) => disconnected(client));

    await setUserDisabled(harness.db.sql, target.id, true, admin);

    for (const notice of await Promise.all(notices)) expect(notice.message).toMatch(/disabled/);
    expect(await ended).toMatchObject({
      session_id: first.ready.session.id,
      reason: "access_revoked",
    });
    expect(await Promise.all(closed)).toEqual(["io server disconnect", "io server disconnect"]);
    const [row] = await harness.db
      .sql`SELECT ended_at FROM team_chat_sessions WHERE id = ${first.ready.session.id}`;
    expect(row!.ended_at).toBeInstanceOf(Date);
    expect(
      (await harness.connectRefused(await harness.token(target, "executive-team"))).data.code,
    ).toBe("user_disabled");

    expect(other.client.connected).toBe(true);
    expect(await send(other.client, "still here?")).toMatchObject({ ok: true });
  });

  it("closes sockets on teams the new role may not chat with, and keeps them when it still may", async () => {
    const demoted = await harness.createUser("user");
    const promoted = await harness.createUser("user");
    const losing = await harness.connect(await harness.token(demoted, "marketing-team"));
    const keeping = await harness.connect(await harness.token(promoted, "marketing-team"));
    const notice = nextEvent(losing.client, "chat:error", (e) => e.code === "access_revoked");
    const closed = disconnected(losing.client);

    // The promotion is published first; the demotion's disconnect shows both were handled.
    await setUserRole(harness.db.sql, promoted.id, "admin", admin);
    await setUserRole(harness.db.sql, demoted.email, "viewer", admin);

    expect((await notice).message).toMatch(/role is now viewer.*not allowed/i);
    expect(await closed).toBe("io server disconnect");
    expect(keeping.client.connected).toBe(true);
    expect(await send(keeping.client, "Hello after my promotion")).toMatchObject({ ok: true });
  });

  it("signs out the sockets of a user whose password was reset, keeping their chat to resume, and refuses the old tokens", async () => {
    const target = await harness.createUser("user");
    const bystander = await harness.createUser("user");
    const oldToken = await harness.token(target, "executive-team");
    const open = await harness.connect(oldToken);
    const other = await harness.connect(await harness.token(bystander, "executive-team"));
    const notice = nextEvent(open.client, "chat:error", (e) => e.code === "signed_out");
    const closed = disconnected(open.client);

    await resetUserPassword(harness.db.sql, target.email, "password-456", admin);

    expect((await notice).message).toMatch(/signed out/i);
    expect(await closed).toBe("io server disconnect");
    const [row] = await harness.db
      .sql`SELECT ended_at FROM team_chat_sessions WHERE id = ${open.ready.session.id}`;
    expect(row!.ended_at).toBeNull();
    expect((await harness.connectRefused(oldToken)).data.code).toBe("token_invalid");
    // A token from the new sign-in carries the new session version and resumes the chat.
    const renewed = await harness.connect(
      await harness.token(
        { ...target, session_version: target.session_version + 1 },
        "executive-team",
      ),
    );
    expect(renewed.ready.session.id).toBe(open.ready.session.id);
    expect(other.client.connected).toBe(true);
  });
});

// A Control Center started with only SUPABASE_URL and a key (embedded PostgreSQL for its own
// state) and a real chat over Socket.IO: the messages appear in the project's
// team_chat_messages, and the REST server stopped mid-chat and started again loses none.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mintChatToken } from "@/lib/auth/chat-token";
import { parseEnv } from "@/lib/env";
import { CHAT_NAMESPACE, SOCKET_PATH } from "@/lib/protocol";
import { readSupabaseStatus } from "@/lib/supabase/link";
import { createUser } from "@/lib/users/service";
import { startAppServer, type AppServer } from "@/server/app-server";
import { TEST_SECRETS } from "@/test/support/app-process";
import { nextEvent, type ChatClient } from "@/test/support/chat-harness";
import {
  createElfProject,
  PROJECT_TEAMS,
  SERVICE_ROLE_KEY,
  type ElfProject,
} from "@/test/support/postgrest/elf-project";
import { quietLogger, waitFor } from "./support";

let project: ElfProject;
let server: AppServer;
let dataDir: string;
let client: ChatClient | undefined;

beforeAll(async () => {
  project = await createElfProject(inject("pgAdminUrl"));
  dataDir = await mkdtemp(path.join(tmpdir(), "cc-supabase-"));
  server = await startAppServer({
    env: parseEnv({
      SUPABASE_URL: project.rest.url,
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: "0",
      PORT: "0",
      HOST: "127.0.0.1",
      NODE_ENV: "test",
      ...TEST_SECRETS,
    }),
    logger: quietLogger,
    withNext: false,
  });
}, 120_000);
afterAll(async () => {
  client?.disconnect();
  await server?.close();
  await project?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const projectMessages = (sessionId: string) =>
  project.db.sql<{ role: string; content: string }[]>`
    SELECT role, content FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at, id`;

async function send(text: string): Promise<void> {
  const reply = nextEvent(client!, "chat:message", (m) => m.role === "assistant");
  const ack = await client!.emitWithAck("chat:send", { text });
  expect(ack.ok).toBe(true);
  await reply;
}

describe("a chat in Supabase mode", () => {
  it("is written to the project, and a REST outage mid-chat loses nothing", async () => {
    const { sql } = server.booted;
    expect(server.booted.embedded).toBe(true);
    const teams = await sql<{ name: string }[]>`SELECT name FROM teams ORDER BY name`;
    expect(teams.map((t) => t.name)).toEqual(PROJECT_TEAMS); // the project's, never the demo seed
    const user = await createUser(sql, {
      email: "ada@example.test",
      password: "password-123",
      role: "user",
    });
    const { token } = await mintChatToken({
      userId: user.id,
      teamSlug: "acme-board-team",
      role: "user",
      ttlSeconds: 300,
      secret: TEST_SECRETS.JWT_SECRET_KEY,
      sessionVersion: user.session_version,
    });
    client = io(`${server.url}${CHAT_NAMESPACE}`, {
      path: SOCKET_PATH,
      auth: { token },
      transports: ["websocket"],
      reconnection: false,
    });
    const ready = await nextEvent(client, "session:ready");
    const sessionId = ready.session.id;

    await send("Hello, board");
    const before = await waitFor(
      () => projectMessages(sessionId),
      (rows) => rows.filter((r) => r.role === "user").length === 1,
    );
    expect(before.map((r) => r.content)).toContain("Hello, board");

    await project.rest.stop();
    await send("Plan the launch of the new product");
    await send("Make it by Friday");
    const [local] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM team_chat_messages WHERE session_id = ${sessionId}`;
    // Stored here, not yet in the project: the outbox holds them.
    expect((await readSupabaseStatus(sql))?.outbox.pending).toBeGreaterThan(0);
    await project.rest.start();

    const after = await waitFor(
      () => projectMessages(sessionId),
      (rows) => rows.length === local!.n,
      25_000,
    );
    const localRows = await sql<{ role: string; content: string }[]>`
      SELECT role, content FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at, id`;
    expect(after).toEqual(localRows.map((r) => ({ role: r.role, content: r.content })));
    expect(after.filter((r) => r.role === "user").map((r) => r.content)).toEqual([
      "Hello, board",
      "Plan the launch of the new product",
      "Make it by Friday",
    ]);
  }, 60_000);
});

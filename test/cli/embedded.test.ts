// The CLI on the embedded defaults (no DATABASE_URL): it starts and stops the embedded PostgreSQL
// of DATA_DIR when no Control Center runs, and uses the running Control Center's server when one
// does — its changes reach that server live, its tokens are signed with the key stored there,
// and it leaves the server running for the Control Center.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAT_NAMESPACE, SOCKET_PATH, type SessionSnapshot } from "@/lib/protocol";
import { signedIn } from "@/test/http/support";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { runCli } from "./run-cli";

let dataDir: string;
let env: Record<string, string>;
let app: AppProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cc-cli-embedded-"));
  env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: "0" };
});
afterAll(async () => {
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const postmasterFile = () => path.join(dataDir, "pg", "postmaster.pid");
const postmasterPid = async () => Number((await readFile(postmasterFile(), "utf8")).split("\n")[0]);

/** Reads server-sent events until one satisfies `match`. */
async function nextServerEvent(
  response: Response,
  match: (event: string, data: string) => boolean,
): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`event stream ended; got: ${buffer}`);
    buffer += value;
    for (const block of buffer.split("\n\n").slice(0, -1)) {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data && match(event, data)) {
        await reader.cancel();
        return data;
      }
    }
  }
}

describe("cc on the embedded database", () => {
  it("starts the embedded PostgreSQL itself when no Control Center runs, and stops it when done", async () => {
    const enabled = await runCli(["teams", "enable-chat", "general-team"], env);
    expect(enabled).toMatchObject({ code: 0, stdout: "general-team: chat enabled\n" });
    expect(existsSync(postmasterFile())).toBe(false);

    const listed = await runCli(["teams", "list", "--json"], env);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({ slug: "general-team", enable_chat_interface: true }),
    );
    expect((await runCli(["teams", "disable-chat", "general-team"], env)).code).toBe(0);
    expect(existsSync(postmasterFile())).toBe(false);
  }, 90_000);

  it("uses a running Control Center's server: a chat switch reaches its open pages, and the server keeps running", async () => {
    // No JWT_SECRET_KEY anywhere: both must use the key the Control Center stored in DATA_DIR.
    app = await startAppProcess("", {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: "0",
      JWT_SECRET_KEY: "",
    });
    const pid = await postmasterPid();
    expect(pid).toBeGreaterThan(0); // NaN would equal NaN below
    const session = await signedIn(app.url, TEST_ADMIN);
    const events = await session.fetch("/api/events?topics=teams");
    expect(events.status).toBe(200);
    const announced = nextServerEvent(
      events,
      (event, data) => event === "teams" && data.includes("general-team"),
    );

    const enabled = await runCli(["teams", "enable-chat", "general-team"], env);
    expect(enabled).toMatchObject({ code: 0, stdout: "general-team: chat enabled\n" });
    expect(JSON.parse(await announced)).toEqual({ type: "team_changed", team: "general-team" });

    // The Control Center's PostgreSQL was shared, not replaced, and still serves it.
    expect(await postmasterPid()).toBe(pid);
    const teams = (await (await session.fetch("/api/teams")).json()) as {
      name: string;
      enable_chat_interface: boolean;
    }[];
    expect(teams.find((team) => team.name === "general-team")).toMatchObject({
      enable_chat_interface: true,
    });

    // frontend-team is not top level: the token is minted, with a warning that the chat refuses it.
    const refused = await runCli(
      ["chat-token", "--team", "frontend-team", "--user", TEST_ADMIN.email],
      env,
    );
    expect(refused).toMatchObject({
      code: 0,
      stderr: expect.stringContaining("Chat is only available with top-level teams."),
    });
    // The chat the CLI just enabled opens with a token the CLI signed with the stored key.
    const minted = await runCli(
      ["chat-token", "--team", "general-team", "--user", TEST_ADMIN.email],
      env,
    );
    expect(minted).toMatchObject({ code: 0, stderr: expect.not.stringContaining("warning") });
    const client = io(`${app.url}${CHAT_NAMESPACE}`, {
      path: SOCKET_PATH,
      auth: { token: minted.stdout.trim() },
      transports: ["websocket"],
      reconnection: false,
    });
    try {
      const ready = await new Promise<SessionSnapshot>((resolve, reject) => {
        client.once("session:ready", resolve);
        client.once("connect_error", reject);
      });
      expect(ready.session).toMatchObject({ team: { name: "general-team" }, read_only: false });
    } finally {
      client.disconnect();
    }

    await app.stop();
    app = undefined;
    expect(existsSync(postmasterFile())).toBe(false);
  }, 120_000);
});

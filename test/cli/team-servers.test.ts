// `cc teams check` as a real child process, against team servers reached the way the server
// reaches them (TEAM_SERVER_URLS, or a manager set in the database): the Python ELF peer answers,
// an impostor answering HTML and a port nobody listens on are reported with the ELF client's
// reason, and the command exits 1 when any team server does not answer as ELF does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import getPort from "get-port";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TEST_SECRETS } from "@/test/support/app-process";
import { startElfPeer, type ElfPeer } from "@/test/support/elf-peer";
import { openCliDatabase, runCli, type CliDatabase } from "./run-cli";

let cli: CliDatabase;
let env: Record<string, string>;
let peer: ElfPeer;
let impostor: Server;
let impostorUrl: string;
let nobodyUrl: string;

beforeAll(async () => {
  peer = await startElfPeer({ team: "executive-team", secret: TEST_SECRETS.JWT_SECRET_KEY });
  impostor = createServer((_request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end("<html>Welcome to nginx!</html>"),
  );
  await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
  impostorUrl = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
  nobodyUrl = `http://127.0.0.1:${await getPort()}`;
  cli = await openCliDatabase(inject("pgAdminUrl"));
  env = {
    ...cli.env,
    TEAM_SERVER_URLS: `executive-team=${peer.url},marketing-team=${impostorUrl}`,
  };
  // A manager recorded in the database, as an admin sets it.
  expect(
    (await runCli(["teams", "set", "finance-team", `manager=elf:${nobodyUrl}`], env)).code,
  ).toBe(0);
}, 60_000);
afterAll(async () => {
  await peer?.stop();
  impostor?.close();
  await cli?.close();
});

describe("cc teams check", () => {
  it("says what a team server built like ELF answers", async () => {
    const result = await runCli(["teams", "check", "executive-team"], env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `executive-team: ${peer.url} answers (healthy; 0 active tasks; agents: Chief Executive Officer)\n`,
    );
  });

  it("reports every team server that does not answer as ELF does, with the reason, and exits 1", async () => {
    const result = await runCli(["teams", "check", "--json", "--timeout", "3"], env);
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout) as { team: string; reachable: boolean }[];
    expect(checks.map((check) => check.team).sort()).toEqual([
      "executive-team",
      "finance-team",
      "marketing-team",
    ]);
    expect(checks.find((check) => check.team === "executive-team")).toMatchObject({
      reachable: true,
      status: "healthy",
    });
    expect(checks.find((check) => check.team === "marketing-team")).toMatchObject({
      url: impostorUrl,
      reachable: false,
      reason: expect.stringMatching(/^garbage: \/health: not JSON/),
    });
    expect(checks.find((check) => check.team === "finance-team")).toMatchObject({
      url: nobodyUrl,
      reachable: false,
      reason: expect.stringMatching(/^unreachable: \/health: .*ECONNREFUSED/),
    });
  });

  it("says when a named team has no team server to ask", async () => {
    const result = await runCli(["teams", "check", "general-team"], env);
    expect(result).toMatchObject({
      code: 0,
      stdout: "general-team: no ELF team server, nothing to check\n",
    });
  });
});

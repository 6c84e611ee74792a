// The background health checker against real team servers run as separate processes: a healthy
// one, one that answers garbage, and one that goes away. /teams shows what it saw. With several
// instances on one database, one checker probes at a time.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import getPort from "get-port";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedOrganisation } from "@/lib/teams/seed";
import { listTeamsForRole } from "@/lib/teams/service";
import { updateTeamSettings } from "@/lib/teams/settings";
import { startHealthChecker } from "@/server/health";
import {
  startEchoTeamServer,
  startMisbehavingServer,
  type ServerProcess,
} from "@/test/elf/support";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

let db: TestDatabase;
let healthy: ServerProcess;
let garbage: ServerProcess;
const admin = { id: "00000000-0000-4000-8000-00000000000a", email: "root@example.test" };
const logger = pino({ level: "silent" });

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  [healthy, garbage] = await Promise.all([
    startEchoTeamServer({ team: "marketing-team" }),
    startMisbehavingServer(),
  ]);
  await updateTeamSettings(
    db.sql,
    "marketing-team",
    { manager: { kind: "elf", url: healthy.url } },
    admin,
  );
  await updateTeamSettings(
    db.sql,
    "finance-team",
    { manager: { kind: "a2a", url: `${garbage.url}/garbage/.well-known/agent-card.json` } },
    admin,
  );
}, 60_000);
afterAll(async () => {
  healthy?.child.kill();
  garbage?.child.kill();
  await db?.drop();
});

const healthOf = async (team: string) =>
  (await listTeamsForRole(db.sql, "user")).find((t) => t.name === team)!;

describe("team health", () => {
  it("marks a healthy ELF team server reachable and an impostor unreachable with the reason; built-in teams have none", async () => {
    const nobody = `http://127.0.0.1:${await getPort()}`;
    const checker = startHealthChecker({
      sql: db.sql,
      databaseUrl: db.url,
      logger,
      teamServerUrls: { "operations-team": nobody },
      intervalMs: 3_600_000,
      timeoutMs: 2_000,
    });
    try {
      await checker.checkNow();
      expect((await healthOf("marketing-team")).health).toMatchObject({
        reachable: true,
        reason: null,
      });
      expect((await healthOf("marketing-team")).health).not.toHaveProperty("url");
      const [capabilities] = await db.sql<{ capabilities: { team_name: string } }[]>`
        SELECT h.capabilities FROM cc_team_health h JOIN teams t ON t.id = h.team_id WHERE t.name = 'marketing-team'`;
      expect(capabilities?.capabilities.team_name).toBe("marketing-team");
      expect((await healthOf("finance-team")).health).toMatchObject({
        reachable: false,
        reason: expect.stringMatching(/^HTTP 404|agent card/),
      });
      // TEAM_SERVER_URLS wins over the database, as for chat and dispatch.
      expect((await healthOf("operations-team")).health).toMatchObject({
        reachable: false,
        reason: "cannot connect (ECONNREFUSED)",
      });
      expect((await healthOf("engineering-team")).health).toBeNull();
    } finally {
      await checker.stop();
    }
  });

  it("notices a team server going away, keeps 'since' while nothing changes, and forgets teams made built-in", async () => {
    const checker = startHealthChecker({
      sql: db.sql,
      databaseUrl: db.url,
      logger,
      teamServerUrls: {},
      intervalMs: 3_600_000,
      timeoutMs: 2_000,
    });
    try {
      await checker.checkNow();
      const up = (await healthOf("marketing-team")).health!;
      healthy.child.kill();
      await healthy.exited;
      await checker.checkNow();
      const down = (await healthOf("marketing-team")).health!;
      expect(down).toMatchObject({ reachable: false, reason: "cannot connect (ECONNREFUSED)" });
      expect(Date.parse(down.since)).toBeGreaterThan(Date.parse(up.since));
      await checker.checkNow();
      expect((await healthOf("marketing-team")).health!.since).toBe(down.since);
      // Still chat-enabled: the badge stays, degraded (the page reads chat_available + health).
      expect((await healthOf("marketing-team")).chat_available).toBe(true);

      await updateTeamSettings(db.sql, "marketing-team", { manager: { kind: "builtin" } }, admin);
      await checker.checkNow();
      expect((await healthOf("marketing-team")).health).toBeNull();
    } finally {
      await checker.stop();
    }
  });

  it("probes from one checker at a time on a shared database, and another takes over when it stops or loses its connection", async () => {
    // A team server that counts the probes it gets (GET /health answered 503).
    let probes = 0;
    const counting = createServer((_request, response) => {
      probes += 1;
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
    // Only the counting server in each round: the team servers the tests above recorded (one of
    // them a separate, slow-to-answer process under load) would add up to their timeout to every
    // one of this test's dozen rounds, which is how it ran out of time on a loaded machine.
    await db.sql`DELETE FROM cc_team_managers`;
    const options = {
      sql: db.sql,
      databaseUrl: db.url,
      logger,
      teamServerUrls: {
        "operations-team": `http://127.0.0.1:${(counting.address() as AddressInfo).port}`,
      },
      intervalMs: 3_600_000,
      timeoutMs: 2_000,
    };
    const probed = async (round: () => Promise<unknown>) => {
      const before = probes;
      await round();
      return probes - before;
    };
    const checkers = [
      startHealthChecker(options),
      startHealthChecker(options),
      startHealthChecker(options),
    ];
    const everyRound = (among: typeof checkers) =>
      probed(() => Promise.all(among.map((checker) => checker.checkNow())));
    try {
      await everyRound(checkers); // and the rounds each one started with
      // A round of all three probes once, not three times.
      const perRound = await everyRound(checkers);
      expect(perRound).toBeGreaterThan(0);
      expect(await everyRound(checkers)).toBe(perRound);
      const rounds = [];
      for (const checker of checkers)
        rounds.push((await probed(() => checker.checkNow())) / perRound);
      expect([...rounds].sort()).toEqual([0, 0, 1]);

      // The checker stops: one of the others does the next rounds.
      const leader = checkers[rounds.indexOf(1)]!;
      await leader.stop();
      const others = checkers.filter((checker) => checker !== leader);
      expect(await everyRound(others)).toBe(perRound);

      // The new checker's connection dies (as when its instance is killed): the lock goes with it.
      // pg_locks lists the whole cluster: only this test's database, not another run's or server's.
      const [holder] = await db.sql<{ pid: number }[]>`
        SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 727020 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      await db.sql`SELECT pg_terminate_backend(${holder!.pid})`;
      await expect
        .poll(
          async () =>
            (await db.sql`SELECT 1 FROM pg_stat_activity WHERE pid = ${holder!.pid}`).length,
          { timeout: 10_000 }, // a terminated backend can take more than a second to go on a busy machine
        )
        .toBe(0);
      expect(await everyRound(others)).toBe(perRound);
      expect(await everyRound(others)).toBe(perRound);
    } finally {
      await Promise.all(checkers.map((checker) => checker.stop()));
      counting.close();
    }
  });
});

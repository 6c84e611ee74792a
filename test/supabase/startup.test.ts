// Starting in Supabase mode: a wrong key, a project without ELF's tables or an unreachable
// project on the first start stop it with a message naming what to fix; after a successful
// start, an unreachable project leaves the Control Center on its mirror, marked stale.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectSupabase } from "@/lib/supabase/connect";
import { readSupabaseStatus } from "@/lib/supabase/link";
import { listTeamsForRole } from "@/lib/teams/service";
import { StartupError } from "@/lib/startup-error";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import {
  ANON_KEY,
  createElfProject,
  PROJECT_TEAMS,
  SERVICE_ROLE_KEY,
  type ElfProject,
} from "@/test/support/postgrest/elf-project";
import { projectConfig, quietLogger } from "./support";

let project: ElfProject;
const locals: TestDatabase[] = [];
const newLocal = async () => {
  const db = await createTestDatabase(inject("pgAdminUrl"));
  locals.push(db);
  return db;
};

beforeAll(async () => {
  project = await createElfProject(inject("pgAdminUrl"));
});
afterAll(async () => {
  for (const db of locals) await db.drop();
  await project?.close();
});

const startError = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return (error as StartupError).message;
};

describe("a start that must stop", () => {
  it("names the key variable when the project refuses the key", async () => {
    const config = projectConfig(project.rest.url, { SUPABASE_KEY: "wrong-key" });
    const message = await startError(connectSupabase(config, (await newLocal()).sql, quietLogger));
    expect(message).toContain("refused the key in SUPABASE_KEY");
    expect(message).toContain("Invalid API key");
  });

  it("names the missing table and what to run", async () => {
    const bare = await createElfProject(inject("pgAdminUrl"), {
      withoutTables: ["team_chat_messages"],
    });
    try {
      const config = projectConfig(bare.rest.url, { SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY });
      const message = await startError(
        connectSupabase(config, (await newLocal()).sql, quietLogger),
      );
      expect(message).toContain('has no table "team_chat_messages"');
      expect(message).toContain("npm run db:migrate");
    } finally {
      await bare.close();
    }
  });

  it("names SUPABASE_URL when a project never read cannot be reached", async () => {
    await project.rest.stop();
    try {
      const config = projectConfig(project.rest.url, {
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
      });
      const local = await newLocal();
      const message = await startError(connectSupabase(config, local.sql, quietLogger));
      expect(message).toContain(`SUPABASE_URL=${project.rest.url}`);
      expect(await listTeamsForRole(local.sql, "admin")).toEqual([]); // and nothing was seeded
    } finally {
      await project.rest.start();
    }
  });

  it("names SUPABASE_URL when it is not a Supabase project's URL", async () => {
    const config = projectConfig(`${project.rest.url}/not-here`, {
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    });
    const message = await startError(connectSupabase(config, (await newLocal()).sql, quietLogger));
    expect(message).toContain("did not answer as a Supabase project");
  });
});

describe("a start after a successful one", () => {
  it("works on the mirror, marked stale, while the project cannot be reached", async () => {
    const local = await newLocal();
    const config = projectConfig(project.rest.url, { SUPABASE_ANON_KEY: ANON_KEY });
    expect(config).toMatchObject({ keyKind: "anon", publicKey: true });
    expect((await connectSupabase(config, local.sql, quietLogger)).staleAtStart).toBe(false);
    await project.rest.stop();
    try {
      const again = await connectSupabase(config, local.sql, quietLogger);
      expect(again.staleAtStart).toBe(true);
      const status = await readSupabaseStatus(local.sql);
      expect(status).toMatchObject({ stale: true, project_host: config.host, key_kind: "anon" });
      expect((await listTeamsForRole(local.sql, "admin")).map((t) => t.name).sort()).toEqual(
        PROJECT_TEAMS,
      );
    } finally {
      await project.rest.start();
    }
  });
});

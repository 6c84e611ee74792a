// What every file of the security suite needs: the built server as its own process on a database
// of its own, people of each role signed in, a write token, and counts of what was tried.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, inject } from "vitest";
import { createApiToken } from "@/lib/api-tokens/service";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { signedIn } from "@/test/http/support";
import type { HttpSession } from "@/test/support/http-session";
import { ROOT } from "@/test/support/node-process";

export const ROLES = ["admin", "user", "viewer"] as const satisfies readonly Role[];

export interface Person {
  id: string;
  email: string;
  password: string;
  role: Role;
  session: HttpSession;
  /** A bearer API token of the widest scope the role may hold. */
  token: string;
}

export interface SecurityApp {
  db: TestDatabase;
  app: AppProcess;
  people: Record<Role, Person>;
  stop(): Promise<void>;
}

let counter = 0;

/** A person of `role`, signed in, with an API token. */
export async function newPerson(baseUrl: string, db: TestDatabase, role: Role): Promise<Person> {
  counter += 1;
  const email = `${role}-${counter}-${process.pid}@example.test`;
  const password = `password-${counter}-${role}`;
  const user =
    role === "admin" && counter === 1
      ? (
          await db.sql<
            { id: string }[]
          >`SELECT id::text FROM cc_users WHERE email = ${TEST_ADMIN.email}`
        )[0]!
      : await createUser(db.sql, { email, password, role });
  const [row] = await db.sql<
    {
      id: string;
      email: string;
      name: string | null;
      role: Role;
      disabled_at: Date | null;
      created_at: Date;
      session_version: number;
    }[]
  >`SELECT id::text, email, name, role, disabled_at, created_at, session_version FROM cc_users WHERE id = ${user.id}`;
  const { secret } = await createApiToken(
    db.sql,
    row!,
    { name: `security ${counter}`, scope: role === "viewer" ? "read" : "write" },
    { id: row!.id, email: row!.email },
  );
  const who = row!.email === TEST_ADMIN.email ? TEST_ADMIN : { email, password };
  return {
    id: row!.id,
    email: who.email,
    password: who.password,
    role,
    session: await signedIn(baseUrl, who),
    token: secret,
  };
}

export async function startSecurityApp(env: Record<string, string> = {}): Promise<SecurityApp> {
  counter = 0;
  const db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  const app = await startAppProcess(db.url, env);
  const people = {} as Record<Role, Person>;
  for (const role of ROLES) people[role] = await newPerson(app.url, db, role);
  return {
    db,
    app,
    people,
    async stop() {
      const code = await app.stop();
      await db.drop();
      expect(code).toBe(0);
    },
  };
}

/** The server still answers and its database is reachable. */
export async function expectHealthy(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
}

/** Tallies of what a file tried, printed when it ends. */
export class Tally {
  private counts = new Map<string, number>();
  add(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }
  print(title: string): void {
    const lines = [...this.counts].map(([kind, n]) => `  ${kind}: ${n}`);
    process.stdout.write(`\n${title}\n${lines.join("\n")}\n`);
  }
}

/** A 5xx is never an acceptable answer to anything the suite sends. */
export function expectNo500(status: number, what: string): void {
  expect(status, `${what} answered ${status}`).toBeLessThan(500);
}

/** Every page.tsx under app/, as a path with its dynamic segments filled in. */
export function pagesOnDisk(dir = path.join(ROOT, "app"), route = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") found.push(route || "/");
    if (!entry.isDirectory()) continue;
    if (entry.name === "api" && route === "") continue;
    const segment = entry.name.startsWith("(")
      ? ""
      : entry.name === "[slug]"
        ? "/executive-team"
        : entry.name.startsWith("[")
          ? "/00000000-0000-4000-8000-000000000000"
          : `/${entry.name}`;
    found.push(...pagesOnDisk(path.join(dir, entry.name), route + segment));
  }
  return found;
}

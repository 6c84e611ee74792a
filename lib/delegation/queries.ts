import "server-only";
import type { PendingQuery, Row } from "postgres";
import { z } from "zod";
import type { Db } from "../db/client";
import { planDraftSchema, PLAN_STATUSES, type PlanDraft } from "../protocol";

/** A plan proposed by an ELF team server: confirming or cancelling it goes back through that server. */
export const planOriginSchema = z.object({
  kind: z.literal("elf"),
  /** The team server's base URL. */
  url: z.string().min(1),
  /** ELF's chat session that offered the plan (the latest one, after reconnects). */
  session_id: z.string().min(1),
});
export type PlanOrigin = z.infer<typeof planOriginSchema>;

export const planRowSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  team_id: z.string().nullable(),
  team_name: z.string().nullable(),
  user_id: z.string(),
  status: z.enum(PLAN_STATUSES),
  current_version: z.number().int(),
  confirmed_version: z.number().int().nullable(),
  task_id: z.string().nullable(),
  origin: planOriginSchema.nullable().catch(null),
  created_at: z.date(),
  updated_at: z.date(),
});
export type PlanRow = z.infer<typeof planRowSchema>;

const PLAN_COLUMNS = (sql: Db) => sql`
  p.id::text, p.session_id::text, p.team_id::text, t.name AS team_name, p.user_id, p.status,
  p.current_version, p.confirmed_version, p.origin, p.created_at, p.updated_at,
  (SELECT task.id::text FROM cc_tasks task WHERE task.plan_id = p.id) AS task_id`;

/** The plan row, locked for the rest of the transaction when `lock` is set. */
export async function selectPlan(sql: Db, planId: string, lock = false): Promise<PlanRow | null> {
  if (!z.uuid().safeParse(planId).success) return null;
  const [row] = await sql`
    SELECT ${PLAN_COLUMNS(sql)} FROM cc_delegation_plans p LEFT JOIN teams t ON t.id = p.team_id
    WHERE p.id = ${planId} ${lock ? sql`FOR UPDATE OF p` : sql``}`;
  return row ? planRowSchema.parse(row) : null;
}

/** A plan's columns and the draft of its current version, for the rows `where` picks. */
async function selectWithDraft(
  sql: Db,
  where: PendingQuery<Row[]>,
): Promise<{ row: PlanRow; draft: PlanDraft }[]> {
  const rows = await sql`
    SELECT ${PLAN_COLUMNS(sql)}, v.draft
    FROM cc_delegation_plans p LEFT JOIN teams t ON t.id = p.team_id
    JOIN cc_delegation_plan_versions v ON v.plan_id = p.id AND v.version = p.current_version
    ${where}`;
  return rows.map(({ draft, ...row }) => ({
    row: planRowSchema.parse(row),
    draft: planDraftSchema.parse(draft),
  }));
}

/** Plans of these sessions, oldest first, each with the draft of its current version. */
export async function selectSessionPlans(
  sql: Db,
  sessionIds: string[],
): Promise<{ row: PlanRow; draft: PlanDraft }[]> {
  if (sessionIds.length === 0) return [];
  return selectWithDraft(
    sql,
    sql`WHERE p.session_id = ANY(${sessionIds}::uuid[]) ORDER BY p.created_at, p.id`,
  );
}

/** The plan with the draft of its current version. */
export async function selectCurrentPlan(
  sql: Db,
  planId: string,
): Promise<{ row: PlanRow; draft: PlanDraft } | null> {
  const [plan] = await selectWithDraft(sql, sql`WHERE p.id = ${planId}`);
  return plan ?? null;
}

/** The session's open plan with its current draft, locked for the rest of the transaction. */
export async function selectOpenPlan(
  sql: Db,
  sessionId: string,
): Promise<{ row: PlanRow; draft: PlanDraft } | null> {
  const [plan] = await selectWithDraft(
    sql,
    sql`WHERE p.session_id = ${sessionId} AND p.status = 'proposed' FOR UPDATE OF p`,
  );
  return plan ?? null;
}

export async function selectDraft(
  sql: Db,
  planId: string,
  version: number,
): Promise<PlanDraft | null> {
  const [row] = await sql<{ draft: unknown }[]>`
    SELECT draft FROM cc_delegation_plan_versions WHERE plan_id = ${planId} AND version = ${version}`;
  return row ? planDraftSchema.parse(row.draft) : null;
}

const versionSchema = z.object({
  version: z.number().int(),
  draft: planDraftSchema,
  created_at: z.coerce.date(),
});

/**
 * The session's latest plan with every version of it, oldest first, each with when it was
 * written: in one statement, as a tab joining the session is shown them.
 */
export async function selectLatestPlan(
  sql: Db,
  sessionId: string,
): Promise<{ row: PlanRow; versions: z.infer<typeof versionSchema>[] } | null> {
  const [found] = await sql`
    SELECT ${PLAN_COLUMNS(sql)},
      (SELECT json_agg(json_build_object('version', v.version, 'draft', v.draft, 'created_at', v.created_at) ORDER BY v.version)
       FROM cc_delegation_plan_versions v WHERE v.plan_id = p.id) AS versions
    FROM cc_delegation_plans p LEFT JOIN teams t ON t.id = p.team_id
    WHERE p.session_id = ${sessionId} ORDER BY p.created_at DESC LIMIT 1`;
  if (!found) return null;
  const { versions, ...row } = found;
  return { row: planRowSchema.parse(row), versions: z.array(versionSchema).parse(versions ?? []) };
}

/** The last version the manager wrote, at or before `version`: what people's edits are measured against. */
export async function selectManagerDraft(
  sql: Db,
  planId: string,
  version: number,
): Promise<PlanDraft | null> {
  const [row] = await sql<{ draft: unknown }[]>`
    SELECT draft FROM cc_delegation_plan_versions
    WHERE plan_id = ${planId} AND version <= ${version} AND author = 'manager' ORDER BY version DESC LIMIT 1`;
  return row ? planDraftSchema.parse(row.draft) : null;
}

export async function insertVersion(
  sql: Db,
  input: {
    planId: string;
    version: number;
    draft: PlanDraft;
    author: "manager" | "user";
    createdBy: string;
  },
): Promise<void> {
  await sql`
    WITH written AS (
      INSERT INTO cc_delegation_plan_versions (plan_id, version, draft, author, created_by)
      VALUES (${input.planId}, ${input.version}, ${sql.json(input.draft as never)}, ${input.author}, ${input.createdBy})
    )
    UPDATE cc_delegation_plans SET current_version = ${input.version} WHERE id = ${input.planId}`;
}

/** A plan row as a plpgsql function returns it (to_jsonb: timestamps as text). */
const jsonPlanRowSchema = planRowSchema.extend({
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
});
const proposalSchema = z.union([
  z.object({ unassignable: z.array(z.string()) }),
  z.object({
    changed: z.boolean(),
    plan: z.record(z.string(), z.unknown()),
    draft: z.unknown(),
    team_name: z.string().nullable(),
  }),
]);

export type Proposal =
  | { kind: "unassignable"; teams: string[] }
  | { kind: "written"; changed: boolean; row: PlanRow; draft: PlanDraft };

/**
 * A manager's draft for the session, in one statement (migration 0016): under the session's lock,
 * refused when a subtask's team is not active, else a new plan, a new version of the open plan,
 * or nothing when it repeats the current version; with its audit entry, and `channel` notified
 * of the change when it commits.
 */
export async function writeProposal(
  sql: Db,
  input: {
    sessionId: string;
    teamId: string;
    userId: string;
    draft: PlanDraft;
    origin: PlanOrigin | null;
    teams: string[];
    channel: string;
  },
): Promise<Proposal> {
  const [row] = await sql<{ result: unknown }[]>`
    SELECT cc_propose_plan(${input.sessionId}, ${input.teamId}, ${input.userId},
      ${sql.json(input.draft as never)}, ${input.origin ? sql.json(input.origin) : null},
      ${input.teams}::text[], ${input.channel}) AS result`;
  const result = proposalSchema.parse(row?.result);
  if ("unassignable" in result) return { kind: "unassignable", teams: result.unassignable };
  return {
    kind: "written",
    changed: result.changed,
    // A plan still proposed has no task: tasks are made when a plan is confirmed.
    row: jsonPlanRowSchema.parse({ ...result.plan, team_name: result.team_name, task_id: null }),
    draft: planDraftSchema.parse(result.draft),
  };
}

/** Active teams among `names`, by name. */
export async function selectActiveTeams(sql: Db, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }[]>`
    SELECT id::text, name FROM teams WHERE name IN ${sql(names)} AND coalesce(status, 'active') = 'active'`;
  return new Map(rows.map((r) => [r.name, r.id]));
}

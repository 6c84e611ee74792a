// Tasks as /tasks shows them: a list filterable by status and team, and one task with its
// subtasks, the plan version that was confirmed and its timeline. Rows are parsed as they come back.
import "server-only";
import { z } from "zod";
import type { Sql } from "../db/client";
import { getPlan } from "../delegation/service";
import { containsPattern, offsetOf, PAGE_SIZE, type ListPage, type Paged } from "../pagination";
import { taskStatusSchema, teamNameSchema, type DelegationPlan } from "../protocol";

const LIST_LIMIT = 200;

export const listTasksQuerySchema = z.strictObject({
  status: taskStatusSchema.optional(),
  /** A team's slug: tasks it created or has a subtask of. */
  team: teamNameSchema.optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

const taskSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: taskStatusSchema,
  team: z.string().nullable(),
  team_display_name: z.string().nullable(),
  created_by: z.string().nullable(),
  subtask_count: z.number().int(),
  subtask_teams: z.array(z.string()),
  created_at: z.date(),
  updated_at: z.date(),
  finished_at: z.date().nullable(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

const subtaskRowSchema = z.object({
  id: z.string(),
  plan_subtask_id: z.string(),
  position: z.number().int(),
  team: z.string(),
  team_display_name: z.string().nullable(),
  title: z.string(),
  instructions: z.string(),
  depends_on: z.array(z.string()),
  status: taskStatusSchema,
  attempts: z.number().int(),
  result: z.string().nullable(),
  error: z.string().nullable(),
  updated_at: z.date(),
});
export type SubtaskRow = z.infer<typeof subtaskRowSchema>;

const taskEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subtask_id: z.string().nullable(),
  subtask_title: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).catch({}),
  created_at: z.date(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export interface TaskDetail extends TaskSummary {
  plan_id: string;
  plan_version: number;
  subtasks: SubtaskRow[];
  /** The plan as it was confirmed; null only if its version could not be read. */
  plan: DelegationPlan | null;
  events: TaskEvent[];
}

const TASK_COLUMNS = (sql: Sql) => sql`
  t.id::text, t.title, t.status, team.name AS team, team.display_name AS team_display_name,
  coalesce(u.email, t.created_by) AS created_by,
  (SELECT count(*)::int FROM cc_subtasks s WHERE s.task_id = t.id) AS subtask_count,
  coalesce((SELECT array_agg(DISTINCT s.team_name) FROM cc_subtasks s WHERE s.task_id = t.id), '{}') AS subtask_teams,
  t.created_at, t.updated_at, t.finished_at`;

const FROM_TASKS = (sql: Sql) => sql`
  FROM cc_tasks t
  LEFT JOIN teams team ON team.id = t.team_id
  LEFT JOIN cc_users u ON u.id::text = t.created_by`;

/** Newest first. */
export async function listTasks(sql: Sql, query: ListTasksQuery = {}): Promise<TaskSummary[]> {
  const rows = await sql`
    SELECT ${TASK_COLUMNS(sql)} ${FROM_TASKS(sql)}
    WHERE true
      ${query.status ? sql`AND t.status = ${query.status}` : sql``}
      ${query.team ? sql`AND (team.name = ${query.team} OR EXISTS (SELECT 1 FROM cc_subtasks s WHERE s.task_id = t.id AND s.team_name = ${query.team}))` : sql``}
    ORDER BY t.created_at DESC, t.id
    LIMIT ${LIST_LIMIT}`;
  return rows.map((row) => taskSummarySchema.parse(row));
}

/** A page of /tasks, newest first, with the filters and a search in titles. */
export async function listTasksPage(
  sql: Sql,
  query: ListTasksQuery,
  { q, page }: ListPage,
): Promise<Paged<TaskSummary>> {
  const where = sql`
    WHERE true
      ${query.status ? sql`AND t.status = ${query.status}` : sql``}
      ${query.team ? sql`AND (team.name = ${query.team} OR EXISTS (SELECT 1 FROM cc_subtasks s WHERE s.task_id = t.id AND s.team_name = ${query.team}))` : sql``}
      ${q ? sql`AND t.title ILIKE ${containsPattern(q)}` : sql``}`;
  const [rows, [count]] = await Promise.all([
    sql`
      SELECT ${TASK_COLUMNS(sql)} ${FROM_TASKS(sql)} ${where}
      ORDER BY t.created_at DESC, t.id
      LIMIT ${PAGE_SIZE} OFFSET ${offsetOf(page)}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n ${FROM_TASKS(sql)} ${where}`,
  ]);
  return {
    items: rows.map((row) => taskSummarySchema.parse(row)),
    total: count?.n ?? 0,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** The team chat and session a task's plan was proposed in, for the link back to the conversation. */
export async function findTaskOrigin(
  sql: Sql,
  planId: string,
): Promise<{ team: string; team_display_name: string; session_id: string } | null> {
  const [row] = await sql<{ team: string; team_display_name: string; session_id: string }[]>`
    SELECT tm.name AS team, tm.display_name AS team_display_name, p.session_id::text AS session_id
    FROM cc_delegation_plans p JOIN teams tm ON tm.id = p.team_id
    WHERE p.id = ${planId}`;
  return row ?? null;
}

export async function getTaskDetail(sql: Sql, taskId: string): Promise<TaskDetail | null> {
  if (!z.uuid().safeParse(taskId).success) return null;
  const [row] = await sql`
    SELECT ${TASK_COLUMNS(sql)}, t.plan_id::text, t.plan_version ${FROM_TASKS(sql)}
    WHERE t.id = ${taskId}`;
  if (!row) return null;
  const task = taskSummarySchema
    .extend({ plan_id: z.string(), plan_version: z.number().int() })
    .parse(row);
  const [subtasks, events, plan] = await Promise.all([
    sql`
      SELECT s.id::text, s.plan_subtask_id, s.position, s.team_name AS team, team.display_name AS team_display_name,
        s.title, s.instructions, s.depends_on, s.status, s.attempts, s.result, s.error, s.updated_at
      FROM cc_subtasks s LEFT JOIN teams team ON team.id = s.team_id
      WHERE s.task_id = ${taskId} ORDER BY s.position`,
    sql`
      SELECT e.id::text, e.kind, e.subtask_id::text, s.title AS subtask_title, e.detail, e.created_at
      FROM cc_task_events e LEFT JOIN cc_subtasks s ON s.id = e.subtask_id
      WHERE e.task_id = ${taskId} ORDER BY e.id`,
    getPlan(sql, task.plan_id, task.plan_version),
  ]);
  return {
    ...task,
    subtasks: subtasks.map((s) => subtaskRowSchema.parse(s)),
    events: events.map((e) => taskEventSchema.parse(e)),
    plan,
  };
}

/** Teams that appear in tasks (as creator or assignee), for the list's filter. */
export async function listTaskTeams(sql: Sql): Promise<{ slug: string; display_name: string }[]> {
  const rows = await sql`
    SELECT DISTINCT coalesce(team.name, x.name) AS slug, coalesce(team.display_name, x.name) AS display_name
    FROM (SELECT DISTINCT team_name AS name FROM cc_subtasks
          UNION SELECT tm.name FROM cc_tasks t JOIN teams tm ON tm.id = t.team_id) x
    LEFT JOIN teams team ON team.name = x.name
    ORDER BY display_name`;
  return rows.map((r) => z.object({ slug: z.string(), display_name: z.string() }).parse(r));
}

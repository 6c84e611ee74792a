// The delegation preview's life: proposed by a manager, edited by people (every change a new
// version), then confirmed exactly once (confirm.ts) — becoming a task with subtasks — or cancelled.
import "server-only";
import { isDeepStrictEqual } from "node:util";
import { recordAudit, type AuditEntry } from "../audit/record";
import type { Db, Sql, TransactionSql } from "../db/client";
import type { GroupCommit } from "../db/group-commit";
import { AppError } from "../errors";
import { CHANGES_CHANNEL, publishChange } from "../events/bus";
import { getLogger } from "../logger";
import { planDraftSchema, type DelegationPlan, type PlanDraft } from "../protocol";
import {
  insertVersion,
  selectActiveTeams,
  selectCurrentPlan,
  selectDraft,
  selectLatestPlan,
  selectPlan,
  selectSessionPlans,
  type PlanOrigin,
  writeProposal,
  type PlanRow,
} from "./queries";

export interface Actor {
  id: string;
  email: string;
}

function toPlan(row: PlanRow, version: number, draft: PlanDraft): DelegationPlan {
  return {
    ...draft,
    id: row.id,
    version,
    status: row.status,
    session_id: row.session_id,
    user_id: row.user_id,
    team: row.team_name ?? "unknown-team",
    source: "chat_interface",
    task_id: row.task_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

async function currentPlan(tx: TransactionSql, planId: string): Promise<DelegationPlan> {
  const current = await selectCurrentPlan(tx, planId);
  if (!current) throw new AppError("not_found", "This plan no longer exists.", "plan_not_found");
  return toPlan(current.row, current.row.current_version, current.draft);
}

/**
 * Writes a version of the plan with its audit entry and returns the plan as it then stands. The
 * three statements go out together (Promise.all on one transaction's connection) and run in order:
 * one round trip, as a planning manager proposes with every reply.
 */
async function writeVersion(
  tx: TransactionSql,
  version: Parameters<typeof insertVersion>[1],
  audit: AuditEntry,
): Promise<DelegationPlan> {
  const [, , plan] = await Promise.all([
    insertVersion(tx, version),
    recordAudit(tx, audit),
    currentPlan(tx, version.planId),
  ]);
  return plan;
}

/**
 * Tells open transcripts (on every instance) that a session's plans changed; called after the
 * commit, so they read the change. A lost notification only delays a page, so it never fails
 * the change itself.
 */
export async function announcePlanChange(
  sql: Sql,
  plan: { team: string; session_id: string },
): Promise<void> {
  await publishChange(sql, {
    type: "plan_changed",
    team: plan.team,
    session_id: plan.session_id,
  }).catch((error: unknown) =>
    getLogger().warn(
      { err: error, sessionId: plan.session_id },
      "could not announce a plan change",
    ),
  );
}

const teamsOf = (draft: PlanDraft) => [...new Set(draft.subtasks.map((s) => s.team))];

/** Every subtask goes to a team that exists and is active. */
async function assertTeamsAssignable(tx: TransactionSql, draft: PlanDraft): Promise<void> {
  const teams = teamsOf(draft);
  const active = await selectActiveTeams(tx, teams);
  const missing = teams.filter((name) => !active.has(name));
  if (missing.length > 0) throw unassignable(missing);
}

const unassignable = (teams: string[]) =>
  new AppError(
    "bad_request",
    `Subtasks can only go to active teams; not: ${teams.join(", ")}.`,
    "unknown_team",
  );

/**
 * A manager's proposal for a session: a new plan, or a new version of the session's open plan.
 * A repeat of the current version (ELF re-sends its preview after every message) changes nothing
 * but where it came from (ELF's session id changes after a reconnect). One statement: a planning
 * manager proposes with every reply.
 */
export async function proposePlan(
  sql: Sql,
  input: {
    sessionId: string;
    teamId: string;
    userId: string;
    draft: PlanDraft;
    origin?: PlanOrigin | null;
  },
  /** Written with other sessions' writes (the chat's group commit), else on its own. */
  through?: GroupCommit,
): Promise<{ plan: DelegationPlan; changed: boolean }> {
  const draft = planDraftSchema.parse(input.draft);
  const write = (db: Db) =>
    writeProposal(db, {
      sessionId: input.sessionId,
      teamId: input.teamId,
      userId: input.userId,
      draft,
      origin: input.origin ?? null,
      teams: teamsOf(draft),
      channel: CHANGES_CHANNEL,
    });
  // A refusal is the write's value, thrown only after it: it must not fail the writes batched with it.
  const proposal = await (through ? through.run(write) : write(sql));
  if (proposal.kind === "unassignable") throw unassignable(proposal.teams);
  const { row, changed } = proposal;
  return { plan: toPlan(row, row.current_version, proposal.draft), changed };
}

export function assertEditable(row: PlanRow | null, baseVersion: number): asserts row is PlanRow {
  if (!row) throw new AppError("not_found", "This plan no longer exists.", "plan_not_found");
  if (row.status === "cancelled")
    throw new AppError("conflict", "This plan was cancelled.", "plan_cancelled");
  if (row.status === "confirmed")
    throw new AppError("conflict", "This plan was already confirmed.", "plan_confirmed");
  if (row.current_version !== baseVersion) {
    throw new AppError(
      "conflict",
      `This plan changed: it is at version ${row.current_version} now. Review that version and try again.`,
      "stale_version",
    );
  }
}

/** A person's edit, made against `baseVersion`; a stale base is refused so no change is lost. */
export async function editPlan(
  sql: Sql,
  input: { planId: string; baseVersion: number; draft: PlanDraft; actor: Actor },
): Promise<DelegationPlan> {
  const draft = planDraftSchema.parse(input.draft);
  const outcome = await sql.begin(async (tx) => {
    const row = await selectPlan(tx, input.planId, true);
    assertEditable(row, input.baseVersion);
    await assertTeamsAssignable(tx, draft);
    const current = await selectDraft(tx, row.id, row.current_version);
    if (isDeepStrictEqual(current, draft))
      return { plan: toPlan(row, row.current_version, draft), changed: false };
    const version = row.current_version + 1;
    const changed = Object.keys(draft).filter(
      (key) => !isDeepStrictEqual(current?.[key as keyof PlanDraft], draft[key as keyof PlanDraft]),
    );
    const plan = await writeVersion(
      tx,
      { planId: row.id, version, draft, author: "user", createdBy: input.actor.id },
      {
        teamId: row.team_id,
        action: "delegation_edited",
        description: `Edited plan "${draft.title}" (version ${row.current_version} → ${version})`,
        performedBy: input.actor.email,
        details: { plan_id: row.id, from_version: row.current_version, version, changed },
      },
    );
    return { plan, changed: true };
  });
  if (outcome.changed) await announcePlanChange(sql, outcome.plan);
  return outcome.plan;
}

/** Cancels an open plan; cancelling a cancelled plan again is a no-op, a confirmed one is refused. */
export async function cancelPlan(
  sql: Sql,
  input: { planId: string; actor: Actor; teamServer?: Record<string, unknown> },
): Promise<DelegationPlan> {
  const outcome = await sql.begin(async (tx) => {
    const row = await selectPlan(tx, input.planId, true);
    if (!row) throw new AppError("not_found", "This plan no longer exists.", "plan_not_found");
    if (row.status === "confirmed")
      throw new AppError(
        "conflict",
        "This plan was already confirmed; cancel its task instead.",
        "plan_confirmed",
      );
    const changed = row.status === "proposed";
    if (changed) {
      await tx`UPDATE cc_delegation_plans SET status = 'cancelled' WHERE id = ${row.id}`;
      await recordAudit(tx, {
        teamId: row.team_id,
        action: "delegation_cancelled",
        description: `Cancelled plan at version ${row.current_version}`,
        performedBy: input.actor.email,
        details: {
          plan_id: row.id,
          version: row.current_version,
          ...(input.teamServer ? { team_server: input.teamServer } : {}),
        },
      });
    }
    return { plan: await currentPlan(tx, row.id), changed };
  });
  if (outcome.changed) await announcePlanChange(sql, outcome.plan);
  return outcome.plan;
}

/** A plan as it is now, or as it was at `version` (old versions stay readable). */
export async function getPlan(
  sql: Sql,
  planId: string,
  version?: number,
): Promise<DelegationPlan | null> {
  const row = await selectPlan(sql, planId);
  if (!row) return null;
  const at = version ?? row.current_version;
  const draft = await selectDraft(sql, planId, at);
  return draft ? toPlan(row, at, draft) : null;
}

/**
 * The session's latest plan at its current version, and every version of it, oldest first, each
 * dated (updated_at) when it was written, as the chat heard of it then; null when there is none.
 */
export async function getLatestPlan(
  sql: Sql,
  sessionId: string,
): Promise<{ plan: DelegationPlan; versions: DelegationPlan[] } | null> {
  const latest = await selectLatestPlan(sql, sessionId);
  const current = latest?.versions.find((v) => v.version === latest.row.current_version);
  if (!latest || !current) return null;
  const { row } = latest;
  return {
    plan: toPlan(row, row.current_version, current.draft),
    versions: latest.versions.map(({ version, draft, created_at }) => ({
      ...toPlan(row, version, draft),
      updated_at: created_at.toISOString(),
    })),
  };
}

/** Every plan of these sessions at its latest version, by session, oldest first (for transcripts). */
export async function listSessionPlans(
  sql: Sql,
  sessionIds: string[],
): Promise<Map<string, DelegationPlan[]>> {
  const bySession = new Map<string, DelegationPlan[]>();
  for (const { row, draft } of await selectSessionPlans(sql, sessionIds)) {
    const plan = toPlan(row, row.current_version, draft);
    bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), plan]);
  }
  return bySession;
}

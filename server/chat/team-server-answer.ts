// Plans an ELF team server proposed are answered through that server as well as recorded here.
// What users can expect when the team server does not take the answer:
// - confirm, team server down, failing (5xx) or answering garbage: nothing is confirmed or
//   dispatched; the user gets the reason and the plan stays as it was, confirmable again later.
// - confirm, team server refusing (4xx: it restarted and forgot the session, or has no plan to
//   confirm): it never will take it, so the plan is confirmed and dispatched here, and the refusal
//   is recorded with it (audit log and task timeline), not hidden.
// - cancel: always cancelled here (cancelling loses nothing); whether the team server was told,
//   or why not, is recorded in the audit log.
import pLimit from "p-limit";
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import {
  selectDraft,
  selectManagerDraft,
  selectPlan,
  type PlanRow,
} from "@/lib/delegation/queries";
import { AppError } from "@/lib/errors";
import {
  answerElfDelegation,
  elfModifications,
  TeamServerAnswerError,
} from "../managers/elf/confirm";

/**
 * Runs one answer (confirm or cancel) to a plan at a time, across every instance: a double click,
 * two tabs or a cancel racing a confirm reach the team server once, and the second caller then
 * finds the plan already answered (the calls below skip the team server for a plan not proposed).
 */
export async function oneAnswerAtATime<T>(
  sql: Sql,
  planId: string,
  answer: () => Promise<T>,
): Promise<T> {
  // A transaction-scoped lock on a pooled connection (not a reserved one: postgres.js cannot
  // recover a reserved connection whose server went away), released when the work ends. Each one
  // holds a pool connection while the work uses others, so few may wait at once: never the pool.
  return answersInFlight(async () => {
    let result: T | undefined;
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`cc_plan_answer:${planId}`}))`;
      result = await answer();
    });
    return result as T;
  });
}

/** At most this many answers hold a lock connection at once, well below the pool's ten. */
const answersInFlight = pLimit(3);

/** What to record about the team server's part; undefined for plans no team server proposed. */
export type TeamServerRecord = Record<string, unknown> | undefined;

/**
 * Records an answer to a plan (`record`: confirmPlan or cancelPlan) with what the team server that
 * proposed it said (`ask`). A plan no team server proposed is recorded at once: confirmPlan's row
 * lock is all it needs. One a team server proposed is answered one at a time, and read again under
 * the lock, since another answer may have come first.
 */
export async function answerThroughTeamServer<T>(
  sql: Sql,
  planId: string,
  ask: (row: PlanRow) => Promise<TeamServerRecord>,
  record: (teamServer: TeamServerRecord) => Promise<T>,
): Promise<T> {
  if (!(await selectPlan(sql, planId))?.origin) return record(undefined);
  return oneAnswerAtATime(sql, planId, async () => {
    const row = await selectPlan(sql, planId);
    return record(row ? await ask(row) : undefined);
  });
}

export async function confirmWithTeamServer(
  sql: Sql,
  logger: Logger,
  row: PlanRow,
  version: number,
): Promise<TeamServerRecord> {
  // Repeats of a confirmed plan, and stale versions, are confirmPlan's to answer, without a call.
  if (!row.origin || row.status !== "proposed" || row.current_version !== version) return undefined;
  const planId = row.id;
  const { url, session_id } = row.origin;
  const confirmed = (await selectDraft(sql, planId, version))!;
  const proposed = (await selectManagerDraft(sql, planId, version)) ?? confirmed;
  const modifications = elfModifications(proposed, confirmed);
  const record = { url, session_id, modified: Object.keys(modifications) };
  try {
    const { taskId } = await answerElfDelegation({
      baseUrl: url,
      sessionId: session_id,
      confirmed: true,
      modifications,
    });
    return { ...record, answer: "confirmed", task_id: taskId };
  } catch (error) {
    if (!(error instanceof TeamServerAnswerError)) throw error;
    logger.warn(
      { planId, url, kind: error.kind, detail: error.detail },
      "the team server did not take the confirmation",
    );
    if (error.kind === "refused") return { ...record, answer: "refused", reason: error.detail };
    throw new AppError(
      "unavailable",
      `The team server at ${url} could not confirm this plan (${error.detail}). Nothing was confirmed or dispatched; try again in a moment.`,
      "team_server_failed",
    );
  }
}

export async function cancelWithTeamServer(
  logger: Logger,
  row: PlanRow,
): Promise<TeamServerRecord> {
  if (!row.origin || row.status !== "proposed") return undefined;
  const { url, session_id } = row.origin;
  const planId = row.id;
  try {
    await answerElfDelegation({
      baseUrl: url,
      sessionId: session_id,
      confirmed: false,
      modifications: {},
    });
    return { url, session_id, answer: "cancelled" };
  } catch (error) {
    if (!(error instanceof TeamServerAnswerError)) throw error;
    logger.warn(
      { planId, url, kind: error.kind, detail: error.detail },
      "the team server was not told of the cancellation",
    );
    return { url, session_id, answer: "not_told", reason: error.detail };
  }
}

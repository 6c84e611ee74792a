// Asking the ELF team server that proposed a plan (lib/delegation/confirm.ts records the answer).
// What users can expect when the team server does not take the answer:
// - confirm, team server down, failing (5xx) or answering garbage: nothing is confirmed or
//   dispatched; the user gets the reason and the plan stays as it was, confirmable again later.
// - confirm, team server refusing (4xx: it restarted and forgot the session, or has no plan to
//   confirm): it never will take it, so the plan is confirmed and dispatched here, and the refusal
//   is recorded with it (audit log and task timeline), not hidden.
// - cancel: always cancelled here (cancelling loses nothing); whether the team server was told,
//   or why not, is recorded in the audit log.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import type { TeamServerRecord } from "@/lib/delegation/confirm";
import { selectDraft, selectManagerDraft, type PlanRow } from "@/lib/delegation/queries";
import { AppError } from "@/lib/errors";
import {
  answerElfDelegation,
  elfModifications,
  TeamServerAnswerError,
} from "../managers/elf/confirm";

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

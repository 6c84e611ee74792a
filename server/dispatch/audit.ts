// Each dispatch and its outcome in ELF's team_audit_log (product: "each dispatch and its outcome"),
// written in the same transaction as the subtask change it describes, against the assignee team.
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { dispatchOutcomes } from "../metrics/registry";
import type { SubtaskRow } from "@/lib/tasks/subtasks";

/** Who the audit log names: no person hands subtasks over, the Control Center's dispatcher does. */
export const DISPATCHER = "dispatcher";

export type DispatchAuditAction =
  | "subtask_dispatched"
  | "subtask_accepted"
  | "subtask_completed"
  | "subtask_cancelled"
  | "subtask_attempt_failed"
  | "subtask_interrupted"
  | "subtask_failed";

const VERB: Record<DispatchAuditAction, string> = {
  subtask_dispatched: "Dispatched",
  subtask_accepted: "Team accepted",
  subtask_completed: "Team completed",
  subtask_cancelled: "Team cancelled",
  subtask_attempt_failed: "Dispatch attempt failed for",
  subtask_interrupted: "Dispatch interrupted for",
  subtask_failed: "Failed",
};

export async function auditDispatch(
  sql: Db,
  row: SubtaskRow,
  action: DispatchAuditAction,
  details: Record<string, unknown> = {},
): Promise<void> {
  dispatchOutcomes.inc({ outcome: action.replace(/^subtask_/, "") });
  const reason = typeof details.reason === "string" ? `: ${details.reason}` : "";
  await recordAudit(sql, {
    teamId: row.team_id,
    action,
    description: `${VERB[action]} subtask "${row.title}" (${row.team_name})${reason}`,
    performedBy: DISPATCHER,
    details: {
      task_id: row.task_id,
      subtask_id: row.id,
      plan_subtask_id: row.plan_subtask_id,
      team: row.team_name,
      ...details,
    },
  });
}

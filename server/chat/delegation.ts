// The delegation preview in the chat: plans proposed by managers become versioned plans shown to
// every tab of the session; people edit, confirm or cancel them; confirmation hands the task to
// the dispatcher, and task progress is pushed back to the session that created it.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import type { PlanOrigin } from "@/lib/delegation/queries";
import {
  answerThroughTeamServer,
  confirmAndDispatch,
  type SubtaskQueue,
} from "@/lib/delegation/confirm";
import {
  cancelPlan,
  editPlan,
  getLatestPlan,
  getPlan,
  proposePlan,
  type Actor,
} from "@/lib/delegation/service";
import { AppError } from "@/lib/errors";
import { planDraftSchema, type DelegationPlan, type PlanDraft } from "@/lib/protocol";
import { notifyTaskUpdated } from "@/lib/tasks/updates";
import type { ChatConfig } from "@/lib/teams/schemas";
import { cancelWithTeamServer, confirmWithTeamServer } from "./team-server-answer";
import { sessionRoom } from "./rooms";
import type { ChatNamespace } from "./types";

export function createDelegationDesk(deps: {
  sql: Sql;
  /** Proposals are written through it, with other sessions' writes when busy. */
  writes: GroupCommit;
  logger: Logger;
  chat: ChatNamespace;
  /** Where confirmed subtasks are queued; without one they wait, pending, for a dispatcher. */
  queue?: SubtaskQueue;
}) {
  const { sql, logger, chat } = deps;
  const publish = (plan: DelegationPlan) =>
    chat.to(sessionRoom(plan.session_id)).emit("delegation:preview", plan);

  async function ownPlan(planId: string, sessionId: string): Promise<DelegationPlan> {
    const plan = await getPlan(sql, planId);
    if (!plan || plan.session_id !== sessionId)
      throw new AppError("not_found", "There is no such plan in this chat.", "plan_not_found");
    return plan;
  }

  /** A refusal for a stale version also shows the version that won, so the person can act on it. */
  async function showCurrentIfStale<T>(
    sessionId: string,
    planId: string,
    act: () => Promise<T>,
  ): Promise<T> {
    try {
      return await act();
    } catch (error) {
      if (error instanceof AppError && error.reason === "stale_version")
        publish(await ownPlan(planId, sessionId));
      throw error;
    }
  }

  async function confirm(planId: string, version: number, actor: Actor) {
    const { taskId, created } = await confirmAndDispatch(sql, {
      planId,
      version,
      actor,
      askTeamServer: (row, at) => confirmWithTeamServer(sql, logger, row, at),
      queue: deps.queue,
    });
    // Shown and announced even when the task was made before (another tab, another instance, a
    // retry): the instance that made it may have died between its commit and its broadcast, and
    // then only this answer tells the session's other tabs, and open /tasks pages, of the task.
    const plan = await getPlan(sql, planId);
    if (plan) publish(plan);
    // On the change bus: open /tasks pages list the new task, and this chat hears it as any update.
    await notifyTaskUpdated(sql, taskId);
    return { task_id: taskId, created };
  }

  return {
    /** The session's latest plan and every version of it, oldest first, for the session snapshot. */
    latestPlan(
      sessionId: string,
    ): Promise<{ plan: DelegationPlan; versions: DelegationPlan[] } | null> {
      return getLatestPlan(sql, sessionId);
    },

    /** A manager proposed a plan (an offline/LLM reply's draft, or an ELF preview frame with its origin). */
    async propose(input: {
      sessionId: string;
      teamId: string;
      user: Actor;
      config: ChatConfig;
      draft: unknown;
      origin?: PlanOrigin;
    }): Promise<void> {
      if (!input.config.enable_delegation_preview) return;
      const draft = planDraftSchema.safeParse(input.draft);
      if (!draft.success) {
        logger.warn(
          { sessionId: input.sessionId, issues: draft.error.issues.slice(0, 5) },
          "manager proposed an invalid plan; not shown",
        );
        return;
      }
      const proposal = {
        sessionId: input.sessionId,
        teamId: input.teamId,
        userId: input.user.id,
        draft: draft.data,
        origin: input.origin,
      };
      const { plan, changed } = await proposePlan(sql, proposal, deps.writes);
      if (!changed) return;
      publish(plan);
      if (!input.config.require_user_confirmation) await confirm(plan.id, plan.version, input.user);
    },

    async update(
      sessionId: string,
      input: { plan_id: string; version: number; draft: PlanDraft },
      actor: Actor,
    ) {
      await ownPlan(input.plan_id, sessionId);
      return showCurrentIfStale(sessionId, input.plan_id, async () => {
        const plan = await editPlan(sql, {
          planId: input.plan_id,
          baseVersion: input.version,
          draft: input.draft,
          actor,
        });
        publish(plan);
        return plan;
      });
    },

    async confirm(sessionId: string, input: { plan_id: string; version: number }, actor: Actor) {
      await ownPlan(input.plan_id, sessionId);
      return showCurrentIfStale(sessionId, input.plan_id, () =>
        confirm(input.plan_id, input.version, actor),
      );
    },

    async cancel(sessionId: string, planId: string, actor: Actor) {
      await ownPlan(planId, sessionId);
      const plan = await answerThroughTeamServer(
        sql,
        planId,
        (row) => cancelWithTeamServer(logger, row),
        (teamServer) => cancelPlan(sql, { planId, actor, teamServer }),
      );
      publish(plan);
      return plan;
    },
  };
}

export type DelegationDesk = ReturnType<typeof createDelegationDesk>;

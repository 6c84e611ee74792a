"use client";

// The delegation preview in the chat: the plan to read, edit, confirm or cancel, and once
// confirmed, its task's progress. People who cannot act (viewers, an ended session) only read it.
import clsx from "clsx";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { DelegationPlan, PlanDraft, TaskUpdate } from "@/lib/protocol";
import type { DelegationResult } from "../use-chat-session";
import { PlanCardHeader, PLAN_CARD_CLASS } from "./plan-card-header";
import { PlanDetails } from "./plan-details";
import { PlanEditor } from "./plan-editor";
import { readDraft, toForm, type FieldErrors, type PlanForm } from "./plan-form";
import { TaskProgress } from "./task-progress";
import { useActiveTeams } from "./use-active-teams";

export interface PreviewActions {
  updatePlan: (
    planId: string,
    version: number,
    draft: PlanDraft,
  ) => Promise<DelegationResult<DelegationPlan>>;
  confirmPlan: (
    planId: string,
    version: number,
  ) => Promise<DelegationResult<{ task_id: string; created: boolean }>>;
  cancelPlan: (planId: string) => Promise<DelegationResult<DelegationPlan>>;
}

interface PreviewCardProps {
  plan: DelegationPlan;
  /** The latest update of the task this plan became, once one arrived. */
  task: TaskUpdate | null;
  /** False for viewers and in an ended session: the card is read-only. */
  canAct: boolean;
  actions: PreviewActions;
}

interface Editing {
  form: PlanForm;
  /** The version the edits were made against; a save against an older one is refused. */
  baseVersion: number;
  errors: FieldErrors;
}

const BUTTON =
  "rounded-lg px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
const PRIMARY = clsx(BUTTON, "bg-indigo-600 text-white hover:bg-indigo-500");
const SECONDARY = clsx(
  BUTTON,
  "border border-zinc-300 text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800",
);

export function PreviewCard({ plan, task, canAct, actions }: PreviewCardProps) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState<"saving" | "confirming" | "cancelling" | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<{
    planId: string;
    taskId: string;
    created: boolean;
  } | null>(null);
  // Set synchronously: a double click's second click arrives before React re-renders the button.
  const isConfirming = useRef(false);
  const teams = useActiveTeams(editing !== null);

  const ownConfirmation = confirmation?.planId === plan.id ? confirmation : null;
  // The ack may come before the plan's new status does; either means it is confirmed.
  const isConfirmed = plan.status === "confirmed" || ownConfirmation !== null;
  const isOpen = plan.status === "proposed" && !isConfirmed;
  const canEdit = canAct && isOpen;
  const taskId = ownConfirmation?.taskId ?? task?.task_id ?? plan.task_id;
  const isBehind = editing !== null && plan.version !== editing.baseVersion;
  const outcome = useRef<HTMLParagraphElement>(null);

  // Confirmed here: the result comes into view and takes focus, so the keyboard (and a screen
  // reader) is where the news is, not on a Confirm button that is gone.
  const confirmedHere = ownConfirmation?.taskId;
  useEffect(() => {
    if (!confirmedHere) return;
    outcome.current?.scrollIntoView({ behavior: "smooth", block: "center" });
    outcome.current?.focus({ preventScroll: true });
  }, [confirmedHere]);

  function startEditing() {
    setStale(null);
    setEditing({ form: toForm(plan), baseVersion: plan.version, errors: {} });
  }

  async function save() {
    if (!editing || busy) return;
    const read = readDraft(editing.form, plan);
    if (!read.ok) return setEditing({ ...editing, errors: read.errors });
    setBusy("saving");
    const result = await actions.updatePlan(plan.id, editing.baseVersion, read.draft);
    setBusy(null);
    if (result.ok) {
      setStale(null);
      setEditing(null);
    } else if (result.code === "stale_version") {
      setStale(result.message);
    }
  }

  async function confirm() {
    if (isConfirming.current || !canEdit) return;
    isConfirming.current = true;
    setBusy("confirming");
    setStale(null);
    const result = await actions.confirmPlan(plan.id, plan.version);
    setBusy(null);
    if (result.ok) {
      setConfirmation({
        planId: plan.id,
        taskId: result.data.task_id,
        created: result.data.created,
      });
      toast.success(
        result.data.created ? "Plan confirmed: task created" : "Plan already confirmed",
        { description: plan.title },
      );
      // Stays set: this plan is confirmed, and the card turns read-only when its new status arrives.
      return;
    }
    if (result.code === "stale_version") setStale(result.message);
    // Any refusal leaves the plan unconfirmed; trying again is safe, the server confirms once.
    isConfirming.current = false;
  }

  async function cancel() {
    if (busy) return;
    setBusy("cancelling");
    const result = await actions.cancelPlan(plan.id);
    setBusy(null);
    if (result.ok) setEditing(null);
  }

  return (
    <section
      aria-label={`Delegation plan: ${plan.title}`}
      data-plan-version={plan.version}
      className={PLAN_CARD_CLASS}
    >
      <PlanCardHeader
        title={plan.title}
        status={isConfirmed ? "confirmed" : plan.status}
        version={plan.version}
      />

      {stale && (
        <div
          role="status"
          className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/60 dark:text-amber-100"
        >
          <p>
            {stale} Version {plan.version} is shown{editing ? " below your edits" : ""}.
          </p>
        </div>
      )}
      {isBehind && editing && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/60 dark:text-amber-100"
        >
          <p className="flex-1">
            Your edits are based on version {editing.baseVersion}; the plan is at version{" "}
            {plan.version} now.
          </p>
          <button
            type="button"
            className={SECONDARY}
            onClick={() => {
              setStale(null);
              setEditing(null);
            }}
          >
            Review version {plan.version}
          </button>
          <button
            type="button"
            className={SECONDARY}
            onClick={() => {
              setStale(null);
              setEditing({ ...editing, baseVersion: plan.version });
            }}
          >
            Keep my edits on version {plan.version}
          </button>
        </div>
      )}

      {editing && canEdit ? (
        <form
          aria-label="Edit the plan"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
          className="space-y-4"
        >
          <PlanEditor
            form={editing.form}
            onChange={(form) => setEditing({ ...editing, form })}
            errors={editing.errors}
            teams={teams}
            defaultTeam={plan.subtasks[0]?.team ?? plan.team}
          />
          {Object.keys(editing.errors).length > 0 && (
            <p className="text-sm font-medium text-red-700 dark:text-red-300">
              Some fields need attention before the plan can be saved.
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <button
              type="button"
              className={SECONDARY}
              onClick={() => setEditing(null)}
              disabled={busy === "saving"}
            >
              Discard edits
            </button>
            <button type="submit" className={PRIMARY} disabled={busy !== null}>
              {busy === "saving" ? "Saving…" : "Save"}
            </button>
          </div>
        </form>
      ) : (
        <PlanDetails plan={plan} />
      )}

      {isConfirmed && (
        <p
          ref={outcome}
          role="status"
          tabIndex={-1}
          className="flex scroll-my-6 items-center gap-2 rounded-md text-sm font-medium text-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600 dark:text-emerald-200"
        >
          <CheckCircle2 aria-hidden className="size-4" />
          {ownConfirmation && !ownConfirmation.created
            ? "Already confirmed — task created"
            : "Confirmed — task created"}
          {taskId ? (
            <Link
              href={`/tasks/${taskId}`}
              className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
            >
              View the task
            </Link>
          ) : (
            <Link
              href="/tasks"
              className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
            >
              See tasks
            </Link>
          )}
        </p>
      )}
      {plan.status === "cancelled" && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          This plan was cancelled; nothing was dispatched.
        </p>
      )}
      {task && task.plan_id === plan.id && <TaskProgress task={task} />}

      {canEdit && !editing && (
        <footer className="flex flex-wrap items-center justify-end gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <p className="mr-auto text-xs text-zinc-500 dark:text-zinc-400">
            Nothing is dispatched until you confirm.
          </p>
          <button
            type="button"
            className={SECONDARY}
            onClick={() => void cancel()}
            disabled={busy !== null}
          >
            {busy === "cancelling" ? "Cancelling…" : "Cancel plan"}
          </button>
          <button
            type="button"
            className={SECONDARY}
            onClick={startEditing}
            disabled={busy !== null}
          >
            Edit
          </button>
          <button
            type="button"
            className={PRIMARY}
            onClick={() => void confirm()}
            disabled={busy !== null}
          >
            {busy === "confirming" ? "Confirming…" : "Confirm"}
          </button>
        </footer>
      )}
      {!canAct && isOpen && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          You can read this plan but not change or confirm it.
        </p>
      )}
    </section>
  );
}

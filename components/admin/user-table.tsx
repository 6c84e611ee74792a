"use client";
// The user list with its per-row actions. A role change or a disable asks first (each signs the
// user out or changes what they may do at once); outcomes, refusals included, come as toasts.
// Nobody is offered to disable themselves.
import { useState } from "react";
import { toast } from "sonner";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { Ack } from "@/lib/protocol/ack";
import { LocalTime } from "../chat/local-time";
import { ConfirmBar } from "../ui/confirm-bar";
import { FIELD, SECONDARY_BUTTON } from "../ui/form-styles";
import { ListTable } from "../ui/list-table";
import { useToastAction } from "../ui/use-toast-action";
import { ResetPasswordForm } from "./reset-password-form";

export interface UserListItem {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  created_at: string;
}

export interface UserActions {
  setRole: (input: { user_id: string; role: Role }) => Promise<Ack<{ email: string; role: Role }>>;
  setDisabled: (input: {
    user_id: string;
    disabled: boolean;
  }) => Promise<Ack<{ email: string; disabled: boolean }>>;
  resetPassword: (input: { user_id: string; password: string }) => Promise<Ack<{ reset: boolean }>>;
}

/** What is waiting for the admin's yes on one row. */
type Asking = { kind: "role"; role: Role } | { kind: "disable" } | { kind: "reset" };

function UserRow({
  user,
  isSelf,
  actions,
}: {
  user: UserListItem;
  isSelf: boolean;
  actions: UserActions;
}) {
  const { pending, run } = useToastAction();
  const [asking, setAsking] = useState<Asking | null>(null);
  const done = () => setAsking(null);

  return (
    <tr aria-label={user.email} className="border-b border-zinc-100 align-top dark:border-zinc-800">
      <td className="py-2 pr-3 font-medium break-all">
        {user.email}
        {isSelf && <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">(you)</span>}
      </td>
      <td data-label="Name" className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
        {user.name ?? "—"}
      </td>
      <td data-label="Role" className="py-2 pr-3">
        <select
          aria-label={`Role of ${user.email}`}
          value={asking?.kind === "role" ? asking.role : user.role}
          disabled={pending}
          onChange={(event) => {
            const role = event.target.value as Role;
            setAsking(role === user.role ? null : { kind: "role", role });
          }}
          className={FIELD}
        >
          {ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </td>
      <td data-label="Status" className="py-2 pr-3">
        <span
          className={
            user.disabled
              ? "text-red-700 dark:text-red-300"
              : "text-emerald-700 dark:text-emerald-300"
          }
        >
          {user.disabled ? "Disabled" : "Active"}
        </span>
      </td>
      <td data-label="Created" className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
        <LocalTime iso={user.created_at} pattern="yyyy-MM-dd HH:mm" />
      </td>
      <td className="space-y-2 py-2">
        <div className="flex flex-wrap gap-2">
          {user.disabled ? (
            <button
              type="button"
              disabled={pending}
              className={SECONDARY_BUTTON}
              onClick={() =>
                run(
                  () => actions.setDisabled({ user_id: user.id, disabled: false }),
                  (data) => `${data.email} is enabled again.`,
                )
              }
            >
              Enable {user.email}
            </button>
          ) : (
            !isSelf && (
              <button
                type="button"
                disabled={pending}
                className={SECONDARY_BUTTON}
                onClick={() => setAsking({ kind: "disable" })}
              >
                Disable {user.email}
              </button>
            )
          )}
          <button
            type="button"
            className={SECONDARY_BUTTON}
            onClick={() => setAsking(asking?.kind === "reset" ? null : { kind: "reset" })}
            aria-expanded={asking?.kind === "reset"}
          >
            Reset password
          </button>
        </div>
        {asking?.kind === "role" && (
          <ConfirmBar
            label={`Confirm the role change of ${user.email}`}
            question={`Make ${user.email} ${asking.role === "admin" ? "an" : "a"} ${asking.role}? It applies on their next step.`}
            confirm={`Make ${asking.role}`}
            keep={`Keep ${user.role}`}
            isDanger={false}
            pending={pending}
            onKeep={done}
            onConfirm={() =>
              run(
                () => actions.setRole({ user_id: user.id, role: asking.role }),
                (data) => `${data.email} is now ${data.role}.`,
                done,
              )
            }
          />
        )}
        {asking?.kind === "disable" && (
          <ConfirmBar
            label={`Confirm disabling ${user.email}`}
            question={`Disable ${user.email}? They are signed out and their chats end at once.`}
            confirm="Yes, disable"
            keep="Keep active"
            pending={pending}
            onKeep={done}
            onConfirm={() =>
              run(
                () => actions.setDisabled({ user_id: user.id, disabled: true }),
                (data) => `${data.email} is disabled.`,
                done,
              )
            }
          />
        )}
        {asking?.kind === "reset" && (
          <ResetPasswordForm
            email={user.email}
            onSubmit={(password) => actions.resetPassword({ user_id: user.id, password })}
            onDone={(message) => {
              done();
              toast.success(message);
            }}
          />
        )}
      </td>
    </tr>
  );
}

export function UserTable({
  users,
  total,
  currentUserId,
  actions,
}: {
  users: UserListItem[];
  /** How many users match, over all pages. */
  total: number;
  currentUserId: string;
  actions: UserActions;
}) {
  return (
    <section aria-labelledby="user-list" className="space-y-3">
      <h2 id="user-list" className="font-semibold">
        {total} {total === 1 ? "user" : "users"}
      </h2>
      <ListTable columns={["Email", "Name", "Role", "Status", "Created"]}>
        <tbody>
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isSelf={user.id === currentUserId}
              actions={actions}
            />
          ))}
        </tbody>
      </ListTable>
    </section>
  );
}

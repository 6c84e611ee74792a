"use client";
// The user list with its per-row actions; every outcome, refusal included, is said in words.
import { useState } from "react";
import { ROLES, type Role } from "@/lib/protocol/roles";
import type { Ack } from "@/lib/protocol/ack";
import { LocalTime } from "../chat/local-time";
import { FIELD, SECONDARY_BUTTON } from "../ui/form-styles";
import { ListTable } from "../ui/list-table";
import { OutcomeMessage } from "../ui/outcome-message";
import { useActionOutcome } from "../ui/use-action-outcome";
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

export function UserTable({
  users,
  currentUserId,
  actions,
}: {
  users: UserListItem[];
  currentUserId: string;
  actions: UserActions;
}) {
  const { pending, outcome, setOutcome, run } = useActionOutcome();
  const [resetting, setResetting] = useState<string | null>(null);

  return (
    <section aria-labelledby="user-list" className="space-y-3">
      <h2 id="user-list" className="font-semibold">
        {users.length} {users.length === 1 ? "user" : "users"}
      </h2>
      <OutcomeMessage outcome={outcome} />
      <ListTable columns={["Email", "Name", "Role", "Status", "Created"]}>
        <tbody>
          {users.map((user) => (
            <tr
              key={user.id}
              aria-label={user.email}
              className="border-b border-zinc-100 align-top dark:border-zinc-800/60"
            >
              <td className="py-2 pr-3 font-medium">
                {user.email}
                {user.id === currentUserId && (
                  <span className="ml-1 text-xs text-zinc-500">(you)</span>
                )}
              </td>
              <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">{user.name ?? "—"}</td>
              <td className="py-2 pr-3">
                <select
                  aria-label={`Role of ${user.email}`}
                  value={user.role}
                  disabled={pending}
                  onChange={(event) => {
                    const role = event.target.value as Role;
                    run(
                      () => actions.setRole({ user_id: user.id, role }),
                      (data) => `${data.email} is now ${data.role}.`,
                    );
                  }}
                  className={FIELD}
                >
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </td>
              <td className="py-2 pr-3">
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
              <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
                <LocalTime iso={user.created_at} pattern="yyyy-MM-dd HH:mm" />
              </td>
              <td className="space-y-2 py-2">
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    disabled={pending}
                    className={SECONDARY_BUTTON}
                    onClick={() =>
                      run(
                        () => actions.setDisabled({ user_id: user.id, disabled: !user.disabled }),
                        (data) =>
                          `${data.email} is ${data.disabled ? "disabled" : "enabled again"}.`,
                      )
                    }
                  >
                    {user.disabled ? `Enable ${user.email}` : `Disable ${user.email}`}
                  </button>
                  <button
                    type="button"
                    className={SECONDARY_BUTTON}
                    onClick={() => setResetting(resetting === user.id ? null : user.id)}
                    aria-expanded={resetting === user.id}
                  >
                    Reset password
                  </button>
                </div>
                {resetting === user.id && (
                  <ResetPasswordForm
                    email={user.email}
                    onSubmit={(password) => actions.resetPassword({ user_id: user.id, password })}
                    onDone={(message) => {
                      setResetting(null);
                      setOutcome({ ok: true, message });
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ListTable>
    </section>
  );
}

"use client";
import type { FormEvent } from "react";
import { ROLES, type Role } from "@/lib/protocol/roles";
import type { Ack } from "@/lib/protocol/ack";
import { INPUT, LABEL, PRIMARY_BUTTON } from "../ui/form-styles";
import { OutcomeMessage } from "../ui/outcome-message";
import { useActionOutcome } from "../ui/use-action-outcome";

interface CreateUserFormProps {
  createUser: (input: {
    email: string;
    name?: string;
    password: string;
    role: Role;
  }) => Promise<Ack<{ email: string }>>;
}

export function CreateUserForm({ createUser }: CreateUserFormProps) {
  const { pending, outcome, run } = useActionOutcome();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    run(
      () =>
        createUser({
          email: String(data.get("email") ?? ""),
          name: name || undefined,
          password: String(data.get("password") ?? ""),
          role: String(data.get("role")) as Role,
        }),
      (created) => {
        form.reset();
        return `Created ${created.email}.`;
      },
    );
  }

  return (
    <section
      aria-labelledby="create-user"
      className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="create-user" className="font-semibold">
        Create a user
      </h2>
      <form
        onSubmit={submit}
        className="grid gap-3 sm:grid-cols-[2fr_2fr_2fr_1fr_auto] sm:items-end"
      >
        <label className={LABEL}>
          <span className="block">Email</span>
          <input name="email" type="email" required autoComplete="off" className={INPUT} />
        </label>
        <label className={LABEL}>
          <span className="block">Name (optional)</span>
          <input name="name" autoComplete="off" className={INPUT} />
        </label>
        <label className={LABEL}>
          <span className="block">Password</span>
          <input
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            className={INPUT}
          />
        </label>
        <label className={LABEL}>
          <span className="block">Role</span>
          <select name="role" defaultValue="user" className={INPUT}>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
          {pending ? "Creating…" : "Create user"}
        </button>
      </form>
      <OutcomeMessage outcome={outcome} />
    </section>
  );
}

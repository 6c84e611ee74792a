"use client";
import { useState, useTransition, type FormEvent } from "react";
import type { Ack } from "@/lib/protocol/ack";
import { ERROR, INPUT, PRIMARY_BUTTON } from "../ui/form-styles";

interface ResetPasswordFormProps {
  email: string;
  onSubmit: (password: string) => Promise<Ack<{ reset: boolean }>>;
  onDone: (message: string) => void;
}

export function ResetPasswordForm({ email, onSubmit, onDone }: ResetPasswordFormProps) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    startTransition(async () => {
      const ack = await onSubmit(password);
      if (ack.ok)
        onDone(
          `${email} has a new password and was signed out everywhere. Tell them over a channel you trust.`,
        );
      else setError(ack.error.message);
    });
  }

  return (
    <form onSubmit={submit} className="flex max-w-sm flex-wrap items-center gap-2">
      <input
        name="password"
        type="password"
        required
        minLength={8}
        autoComplete="new-password"
        aria-label={`New password for ${email}`}
        placeholder="New password (8+ characters)"
        className={`${INPUT} flex-1`}
      />
      <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
        Set password
      </button>
      {error && (
        <p role="alert" className={`${ERROR} w-full`}>
          {error}
        </p>
      )}
    </form>
  );
}

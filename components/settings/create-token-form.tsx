"use client";
// Creates a token and shows its secret once: it is stored only as a hash and cannot be shown again.
import { useState, useTransition, type FormEvent } from "react";
import type { ApiTokenScope } from "@/lib/api-tokens/schemas";
import type { Ack } from "@/lib/protocol/ack";
import { ERROR, INPUT, LABEL, PRIMARY_BUTTON, SECONDARY_BUTTON } from "../ui/form-styles";

interface CreateTokenFormProps {
  scopes: ApiTokenScope[];
  createToken: (input: {
    name: string;
    scope: ApiTokenScope;
    expires_in_days?: number;
  }) => Promise<Ack<{ name: string; scope: ApiTokenScope; secret: string }>>;
}

const EXPIRY_CHOICES = [
  { label: "Never", days: undefined },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
];

export function CreateTokenForm({ scopes, createToken }: CreateTokenFormProps) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = Number(data.get("expires_in_days"));
    startTransition(async () => {
      const ack = await createToken({
        name: String(data.get("name") ?? ""),
        scope: String(data.get("scope")) as ApiTokenScope,
        expires_in_days: days > 0 ? days : undefined,
      });
      setCopied(false);
      if (!ack.ok) return setError(ack.error.message);
      setError(null);
      setCreated({ name: ack.data.name, secret: ack.data.secret });
      form.reset();
    });
  }

  return (
    <section
      aria-labelledby="create-token"
      className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="create-token" className="font-semibold">
        Create a token
      </h2>
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[3fr_1fr_1fr_auto] sm:items-end">
        <label className={LABEL}>
          <span className="block">Name</span>
          <input
            name="name"
            required
            maxLength={80}
            placeholder="e.g. deploy script"
            autoComplete="off"
            className={INPUT}
          />
        </label>
        <label className={LABEL}>
          <span className="block">Scope</span>
          <select name="scope" defaultValue="read" className={INPUT}>
            {scopes.map((scope) => (
              <option key={scope} value={scope}>
                {scope === "read" ? "read (GET only)" : "write (read and change)"}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          <span className="block">Expires</span>
          <select name="expires_in_days" defaultValue="" className={INPUT}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.label} value={choice.days ?? ""}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {error && (
        <p role="alert" className={ERROR}>
          {error}
        </p>
      )}
      {created && (
        <div
          role="status"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-label="New token"
              className="break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
            >
              {created.secret}
            </code>
            <button
              type="button"
              className={SECONDARY_BUTTON}
              onClick={() =>
                void navigator.clipboard?.writeText(created.secret).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

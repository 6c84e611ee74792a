"use client";
// Everything an admin sets on a team besides the chat switch: where it sits, its status, how its
// manager is reached and its chat policy. One save sends the whole form; the server keeps only
// what changed and says so.
import { useState, useTransition } from "react";
import { ROLES } from "@/lib/auth/roles";
import { TEAM_STATUSES } from "@/lib/teams/schemas";
import type { TeamSettings, TeamSettingsPatch } from "@/lib/teams/settings";
import { FIELD, PRIMARY_BUTTON } from "../ui/form-styles";
import { OutcomeMessage, type Outcome } from "../ui/outcome-message";
import type { UpdateTeamSettings } from "./types";

const KINDS = [
  { value: "builtin", label: "Built-in manager" },
  { value: "elf", label: "ELF team server (URL)" },
  { value: "a2a", label: "A2A agent (agent card URL)" },
] as const;
const NUMBERS = [
  { key: "max_session_duration_minutes", label: "Session length (minutes)" },
  { key: "max_messages_per_session", label: "Messages per session" },
  { key: "context_window_messages", label: "Context window (messages)" },
] as const;
const FLAGS = [
  { key: "enable_delegation_preview", label: "Offer a delegation preview" },
  { key: "require_user_confirmation", label: "Require confirmation before dispatch" },
] as const;

export function TeamSettingsEditor({
  settings,
  update,
}: {
  settings: TeamSettings;
  update: UpdateTeamSettings;
}) {
  const [form, setForm] = useState(() => ({
    is_top_level: settings.is_top_level,
    status: settings.status,
    kind: settings.manager.kind,
    url: settings.manager.url ?? "",
    chat_config: { ...settings.chat_config },
  }));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, startTransition] = useTransition();
  const config = form.chat_config;
  const setConfig = (patch: Partial<typeof config>) =>
    setForm((f) => ({ ...f, chat_config: { ...f.chat_config, ...patch } }));

  // Only what this admin changed is sent, so a save never undoes someone else's change made since
  // the page loaded (the page re-mounts this form when the team's settings change).
  const changes = (): TeamSettingsPatch => {
    const patch: TeamSettingsPatch = {};
    if (form.is_top_level !== settings.is_top_level) patch.is_top_level = form.is_top_level;
    if (form.status !== settings.status)
      patch.status = form.status as (typeof TEAM_STATUSES)[number];
    if (
      form.kind !== settings.manager.kind ||
      (form.kind !== "builtin" && form.url.trim() !== (settings.manager.url ?? ""))
    ) {
      patch.manager =
        form.kind === "builtin" ? { kind: "builtin" } : { kind: form.kind, url: form.url.trim() };
    }
    const chatConfig: NonNullable<TeamSettingsPatch["chat_config"]> = {};
    const roles = ROLES.filter((role) => config.allowed_roles.includes(role));
    if (roles.join() !== settings.chat_config.allowed_roles.join())
      chatConfig.allowed_roles = roles;
    for (const { key } of NUMBERS)
      if (Number(config[key]) !== settings.chat_config[key]) chatConfig[key] = Number(config[key]);
    for (const { key } of FLAGS)
      if (config[key] !== settings.chat_config[key]) chatConfig[key] = config[key];
    if (Object.keys(chatConfig).length > 0) patch.chat_config = chatConfig;
    return patch;
  };

  const save = () =>
    startTransition(async () => {
      setOutcome(null);
      const patch = changes();
      if (Object.keys(patch).length === 0)
        return setOutcome({ ok: true, message: "Nothing to change." });
      const ack = await update({ team: settings.name, patch });
      setOutcome(
        ack.ok
          ? { ok: true, message: ack.data.changed ? "Saved." : "Nothing to change." }
          : { ok: false, message: ack.error.message },
      );
    });

  return (
    <form
      aria-label={`Settings of ${settings.display_name}`}
      className="grid gap-4 p-4 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Organisation
        </legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.is_top_level}
            onChange={(e) => setForm({ ...form, is_top_level: e.target.checked })}
          />
          Top-level team
        </label>
        <label className="flex items-center gap-2 text-sm">
          Status
          <select
            className={FIELD}
            value={form.status}
            onChange={(e) => setForm({ ...form, status: e.target.value })}
          >
            {TEAM_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Manager
          <select
            className={FIELD}
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as typeof form.kind })}
          >
            {KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </label>
        {form.kind !== "builtin" && (
          <label className="flex flex-col gap-1 text-sm">
            {form.kind === "elf" ? "Team server URL" : "Agent card URL"}
            <input
              className={FIELD}
              type="url"
              required
              placeholder="http://marketing-team-service.elf-teams"
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })}
            />
          </label>
        )}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Chat policy
        </legend>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          Roles that may chat:
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={config.allowed_roles.includes(role)}
                onChange={(e) =>
                  setConfig({
                    allowed_roles: e.target.checked
                      ? [...config.allowed_roles, role]
                      : config.allowed_roles.filter((r) => r !== role),
                  })
                }
              />
              {role}
            </label>
          ))}
        </div>
        {NUMBERS.map(({ key, label }) => (
          <label key={key} className="flex items-center justify-between gap-2 text-sm">
            {label}
            <input
              className={`${FIELD} w-24`}
              type="number"
              min={1}
              step={1}
              value={String(config[key])}
              onChange={(e) =>
                setConfig({ [key]: e.target.value === "" ? "" : Number(e.target.value) })
              }
            />
          </label>
        ))}
        {FLAGS.map(({ key, label }) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={config[key]}
              onChange={(e) => setConfig({ [key]: e.target.checked })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
          {pending ? "Saving…" : "Save"}
        </button>
        <OutcomeMessage outcome={outcome} />
      </div>
    </form>
  );
}

// An ELF team server's DelegationSpec (elf-contract.md §3) as the delegation preview's draft:
// ELF's suggested_teams become subtasks. ELF is lenient about its own fields, so this is too,
// but what comes out always passes planDraftSchema or is refused with the reason.
import { z } from "zod";
import { PRIORITIES, planDraftSchema, type PlanDraft } from "@/lib/protocol/delegation";
import type { DelegationSpec } from "./frames";

const SHORT_MAX = 300;
const LONG_MAX = 8000;
const LIST_MAX_ITEMS = 50;
const SUBTASK_TITLE_MAX_CHARS = 80;
const deadlineSchema = z.iso.datetime({ offset: true });

/**
 * The draft of `spec`, proposed by the manager of `fromTeam` (a team slug). Throws an Error that
 * says why when the spec cannot make a valid plan.
 */
export function draftFromElfSpec(spec: DelegationSpec, fromTeam: string): PlanDraft {
  const title = text(spec.title);
  const description = text(spec.description);
  if (!title && !description)
    throw new Error("The team server's delegation preview has neither a title nor a description.");
  const requirements = list(spec.requirements).flatMap(toRequirement).slice(0, LIST_MAX_ITEMS);
  const success_criteria = strings(spec.success_criteria);
  const constraints = strings(spec.constraints);
  const required_skills = strings(spec.required_skills);
  const key_decisions = isRecord(spec.key_decisions) ? spec.key_decisions : {};
  const estimated_hours = toHours(spec.estimated_hours);
  const suggested = unique(strings(spec.suggested_teams).map(toSlug).filter(Boolean));
  // The proposing team is named as the registry names it, slug or not.
  const teams = suggested.length ? suggested : [fromTeam];
  const objective = description || title;
  const heading = title || (description.split("\n")[0] ?? "");
  const instructions = clip(
    [
      objective,
      ...section(
        "Requirements",
        requirements.map((r) => r.description),
      ),
      ...section("Success criteria", success_criteria),
      ...section("Constraints", constraints),
    ].join("\n"),
    LONG_MAX,
  );
  const subtasks = teams.map((team, index) => ({
    id: `s${index + 1}`,
    title: clip(`${team}: ${clip(heading, SUBTASK_TITLE_MAX_CHARS)}`, SHORT_MAX),
    instructions,
    team,
    rationale: suggested.length
      ? explainSuggestion(team, fromTeam, required_skills, key_decisions)
      : `The team's manager suggested no other team, so the work stays with ${team}.`,
    depends_on: [],
    // ELF estimates the whole plan; with several teams there is no honest way to split it.
    estimated_hours: teams.length === 1 ? estimated_hours : null,
  }));
  const parsed = planDraftSchema.safeParse({
    title: clip(heading, SHORT_MAX),
    description: clip(description, LONG_MAX),
    objective: clip(objective, LONG_MAX),
    priority: (PRIORITIES as readonly unknown[]).includes(spec.priority) ? spec.priority : "normal",
    deadline: toDeadline(spec.deadline),
    estimated_hours,
    success_criteria,
    constraints,
    requirements,
    subtasks,
    suggested_teams: teams,
    required_skills,
    key_decisions,
    confidence_level: toConfidence(spec.confidence_level),
    chat_summary: clip(text(spec.chat_summary), LONG_MAX),
  });
  if (!parsed.success) {
    throw new Error(
      `The team server's delegation preview is not a valid plan: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`,
    );
  }
  return parsed.data;
}

/** Why this team, from what ELF gave: it names no reason, only the skills and decisions. */
function explainSuggestion(
  team: string,
  fromTeam: string,
  skills: string[],
  decisions: Record<string, unknown>,
): string {
  // Any registry name, "C++ Guild (EU)" too: escaped before it goes into a pattern.
  const escaped = team.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const names = new RegExp(
    `(?:^|\\W)(?:${escaped}|${escaped.replace(/-team$/, "").replace(/-/g, "[\\s_-]")})(?:\\W|$)`,
    "i",
  );
  const mentions = Object.entries(decisions)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .filter((entry) => names.test(entry));
  return [
    `Suggested by the team's manager (${fromTeam}).`,
    ...(skills.length ? [`Skills the plan needs: ${skills.join(", ")}.`] : []),
    ...mentions.map((entry) => `Key decision: ${clip(entry, SHORT_MAX)}.`),
  ].join(" ");
}

function toRequirement(raw: unknown): PlanDraft["requirements"] {
  if (typeof raw === "string") return raw.trim() ? [{ description: clip(raw, SHORT_MAX) }] : [];
  if (!isRecord(raw)) return [];
  const description = clip(text(raw.description), SHORT_MAX);
  if (!description) return [];
  const confidence = toConfidence(raw.confidence);
  const category = clip(text(raw.category), 100);
  return [
    {
      description,
      ...(confidence === null ? {} : { confidence }),
      ...(category ? { category } : {}),
    },
  ];
}

/**
 * ISO with an offset as it is; ELF's Python servers also send naive timestamps
 * (datetime.utcnow().isoformat()), read as UTC, and bare days, read as noon UTC like the offline
 * planner's. Anything else ("next Friday") is not a deadline this side can hold: null.
 */
function toDeadline(value: unknown): string | null {
  const raw = text(value);
  if (deadlineSchema.safeParse(raw).success) return raw;
  const naive = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(raw)
    ? `${raw}Z`
    : /^\d{4}-\d{2}-\d{2}$/.test(raw)
      ? `${raw}T12:00:00Z`
      : null;
  if (!naive || Number.isNaN(Date.parse(naive))) return null;
  const iso = new Date(naive).toISOString();
  // Date rolls "2026-02-30" over to March; a day that does not exist is not a deadline.
  return iso.slice(0, 10) === raw.slice(0, 10) ? iso : null;
}

/** 0–1 as ELF means it; a percentage (1–100) is scaled down; anything else is unknown. */
function toConfidence(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) return null;
  return value > 1 ? value / 100 : value;
}

function toHours(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 10_000
    ? value
    : null;
}

/** "Marketing Team" and "marketing_team" name the slug "marketing-team". */
function toSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 255);
}

function section(heading: string, items: string[]): string[] {
  return items.length ? [`${heading}:`, ...items.map((item) => `- ${item}`)] : [];
}

function strings(value: unknown): string[] {
  return unique(
    list(value)
      .map((item) => clip(text(item), SHORT_MAX))
      .filter(Boolean),
  ).slice(0, LIST_MAX_ITEMS);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** At most `max` characters, cut at a word where it can be, so schema limits never reject it. */
function clip(value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

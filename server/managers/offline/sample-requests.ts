// Realistic first messages to team managers, with what the offline planner should read from each.
// Dates are relative to SAMPLE_NOW (a Wednesday) in UTC.
import { seedTeamProfile, type TeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import type { Priority } from "./cues";

export const SAMPLE_NOW = new Date("2026-03-11T09:00:00Z");
export const SAMPLE_TIMEZONE = "UTC";

export function loadSampleProfile(slug: string): TeamProfile {
  const profile = seedTeamProfile(SEED_TEAMS, slug);
  if (!profile) throw new Error(`No seed team ${slug}`);
  return profile;
}

/**
 * Marketing as it reads in the hierarchy of elf-contract.md (social media under marketing). The
 * seed resolves "reports to the CMO" to the executive team instead, so it is built here.
 */
export function buildMarketingWithSocialMedia(): TeamProfile {
  const social = loadSampleProfile("executive-team").subteams.find(
    (t) => t.name === "social-media-team",
  );
  return { ...loadSampleProfile("marketing-team"), subteams: social ? [social] : [] };
}

export interface SampleRequest {
  name: string;
  team: () => TeamProfile;
  text: string;
  expected: {
    objective: string | null;
    priority: Priority;
    /** The calendar day (and, when given, the exact instant) and the words it was read from. */
    deadline: { day: string; text: string; iso?: string } | null;
    constraints: string[];
    criteria: string[];
    /** Subteam slugs, best fit first; empty when no team below the manager fits. */
    teams: string[];
  };
}

const executive = () => loadSampleProfile("executive-team");
const engineering = () => loadSampleProfile("engineering-team");

export const SAMPLE_REQUESTS: SampleRequest[] = [
  {
    name: "launch page and LinkedIn post, to the executive team",
    team: executive,
    text: "Build a landing page for the launch and post about it on LinkedIn by next Friday. This is urgent.",
    expected: {
      objective: "Build a landing page for the launch and post about it on LinkedIn",
      priority: "urgent",
      deadline: { day: "2026-03-20", text: "next Friday" },
      constraints: [],
      criteria: [],
      teams: ["social-media-team", "marketing-team"],
    },
  },
  {
    name: "the same work, to marketing with social media below it",
    team: buildMarketingWithSocialMedia,
    text: "Build a landing page for the launch and post about it on LinkedIn.",
    expected: {
      objective: "Build a landing page for the launch and post about it on LinkedIn",
      priority: "normal",
      deadline: null,
      constraints: [],
      criteria: [],
      teams: ["social-media-team"],
    },
  },
  {
    name: "blog posts, to marketing as seeded (no teams below it)",
    team: () => loadSampleProfile("marketing-team"),
    text: "Hi team, could you write three blog posts for the spring launch, no more than 800 words each?",
    expected: {
      objective: "Write three blog posts for the spring launch",
      priority: "normal",
      deadline: null,
      constraints: ["No more than 800 words each"],
      criteria: [],
      teams: [],
    },
  },
  {
    name: "budget forecast with a limit and a measure",
    team: executive,
    text: "We need the Q3 budget forecast before the board meeting on April 2. Must not exceed the current headcount plan. Success means the forecast is within 5% of actuals.",
    expected: {
      objective: "We need the Q3 budget forecast before the board meeting",
      priority: "normal",
      deadline: { day: "2026-04-02", text: "April 2" },
      constraints: ["Must not exceed the current headcount plan"],
      criteria: ["Success means the forecast is within 5% of actuals"],
      teams: ["finance-team"],
    },
  },
  {
    name: "a release blocker, to engineering",
    team: engineering,
    text: "Our checkout page is broken on Safari — it's a blocker for the release, fix ASAP. Don't touch the payment API.",
    expected: {
      objective: "Our checkout page is broken on Safari. It's a blocker for the release, fix ASAP",
      priority: "urgent",
      deadline: null,
      constraints: ["Don't touch the payment API"],
      criteria: [],
      teams: ["frontend-team"],
    },
  },
  {
    name: "support backlog by month end",
    team: executive,
    text: "Can you get the support ticket backlog under 50 open tickets by end of month? Only use the existing support staff.",
    expected: {
      objective: "Get the support ticket backlog under 50 open tickets",
      priority: "normal",
      deadline: { day: "2026-03-31", text: "end of month" },
      constraints: ["Only use the existing support staff"],
      criteria: [],
      teams: ["operations-team"],
    },
  },
  {
    name: "legal review: no team below the executive team does it",
    team: executive,
    text: "Have a lawyer review our employment contracts for GDPR compliance by the end of June.",
    expected: {
      objective: "Have a lawyer review our employment contracts for GDPR compliance",
      priority: "normal",
      deadline: { day: "2026-06-30", text: "end of June" },
      constraints: [],
      criteria: [],
      teams: [],
    },
  },
  {
    name: "low-priority content refresh",
    team: executive,
    text: "No rush, but at some point refresh the blog posts about onboarding. Low priority.",
    expected: {
      objective: "Refresh the blog posts about onboarding",
      priority: "low",
      deadline: null,
      constraints: [],
      criteria: [],
      teams: ["marketing-team"],
    },
  },
  {
    name: "mobile release with a done-when and a limit",
    team: engineering,
    text: "Ship the iOS and Android app update with the new onboarding flow within 3 weeks. Done when it's approved in both app stores. Without increasing the app size by more than 10%.",
    expected: {
      objective: "Ship the iOS and Android app update with the new onboarding flow",
      priority: "normal",
      deadline: { day: "2026-04-01", text: "within 3 weeks", iso: "2026-04-01T09:00:00.000Z" },
      constraints: ["Without increasing the app size by more than 10%"],
      criteria: ["Done when it's approved in both app stores"],
      teams: ["mobile-team"],
    },
  },
  {
    name: "an important sales proposal with a 'so that'",
    team: executive,
    text: "Important: prepare a pricing proposal for the Acme deal so that we can close it this quarter. Budget is limited to a 15% discount.",
    expected: {
      objective: "Prepare a pricing proposal for the Acme deal",
      priority: "high",
      deadline: { day: "2026-03-31", text: "this quarter" },
      constraints: ["Budget is limited to a 15% discount"],
      criteria: ["We can close it this quarter"],
      teams: ["sales-team"],
    },
  },
  {
    name: "regression tests with a coverage target",
    team: executive,
    text: "Set up automated regression tests for the billing service before the 2.0 release, at least 80% coverage.",
    expected: {
      objective: "Set up automated regression tests for the billing service before the 2.0 release",
      priority: "normal",
      deadline: null,
      constraints: [],
      criteria: ["At least 80% coverage"],
      teams: ["qa-team"],
    },
  },
  {
    name: "database migration: neither frontend nor mobile fits",
    team: engineering,
    text: "Migrate the user database to Postgres 16 over the weekend. We can't have more than 5 minutes of downtime. Target: zero data loss.",
    expected: {
      objective: "Migrate the user database to Postgres 16",
      priority: "normal",
      deadline: { day: "2026-03-14", text: "weekend" },
      constraints: ["We can't have more than 5 minutes of downtime"],
      criteria: ["Target: zero data loss"],
      teams: [],
    },
  },
  {
    name: "a critical customer escalation with a time of day",
    team: executive,
    text: "Our biggest customer is threatening to churn, this is critical. Fix their open support tickets by 5pm tomorrow.",
    expected: {
      objective:
        "Our biggest customer is threatening to churn, this is critical. Fix their open support tickets",
      priority: "urgent",
      deadline: { day: "2026-03-12", text: "5pm tomorrow", iso: "2026-03-12T17:00:00.000Z" },
      constraints: [],
      criteria: [],
      teams: ["operations-team"],
    },
  },
  {
    name: "newsletter campaign measured by open rate",
    team: executive,
    text: "Launch a newsletter campaign for existing customers, measured by open rate above 40%.",
    expected: {
      objective: "Launch a newsletter campaign for existing customers",
      priority: "normal",
      deadline: null,
      constraints: [],
      criteria: ["Measured by open rate above 40%"],
      teams: ["marketing-team"],
    },
  },
  {
    name: "hiring plan: 'not urgent', and no HR team anywhere",
    team: executive,
    text: "Not urgent: draft a hiring plan for next year's headcount.",
    expected: {
      objective: "Draft a hiring plan for next year's headcount",
      priority: "low",
      deadline: null,
      constraints: [],
      criteria: [],
      teams: [],
    },
  },
  {
    name: "cloud costs: two teams, a result and a limit",
    team: executive,
    text: "Reduce cloud costs — should result in at least $10k saved per month; don't downgrade production databases.",
    expected: {
      objective: "Reduce cloud costs",
      priority: "normal",
      deadline: null,
      constraints: ["Don't downgrade production databases"],
      criteria: ["Should result in at least $10k saved per month"],
      teams: ["engineering-team", "finance-team"],
    },
  },
  {
    name: "invoices, to finance (no teams below it)",
    team: () => loadSampleProfile("finance-team"),
    text: "Please send the March invoices to all clients by Friday.",
    expected: {
      objective: "Send the March invoices to all clients",
      priority: "normal",
      deadline: { day: "2026-03-13", text: "Friday" },
      constraints: [],
      criteria: [],
      teams: [],
    },
  },
  {
    name: "a greeting is not a request",
    team: executive,
    text: "Hi there, can you help me?",
    expected: {
      objective: null,
      priority: "normal",
      deadline: null,
      constraints: [],
      criteria: [],
      teams: [],
    },
  },
];

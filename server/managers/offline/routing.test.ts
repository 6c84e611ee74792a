import { describe, expect, it } from "vitest";
import type { SubteamProfile } from "@/lib/teams/profile";
import { describeMatch, matchMembers, routeWork } from "./routing";
import { loadSampleProfile } from "@/test/fixtures/sample-requests";
import { readTerms, stemWord } from "./text";

const executive = loadSampleProfile("executive-team");
const routedNames = (text: string, subteams: SubteamProfile[] = executive.subteams) =>
  routeWork(text, subteams).map((m) => m.team.name);

describe("stemWord", () => {
  it.each([
    ["posts", "post"],
    ["posting", "post"],
    ["posted", "post"],
    ["launches", "launch"],
    ["shipped", "ship"],
    ["planning", "plan"],
    ["pricing", "pric"],
    ["price", "pric"],
    ["stories", "story"],
    ["process", "process"],
  ])("%s → %s", (word, stem) => expect(stemWord(word)).toBe(stem));

  it("drops stopwords, numbers and filler before stemming", () => {
    expect(
      readTerms("Hi team, could you please post 3 updates on LinkedIn?").map((t) => t.term),
    ).toEqual(["post", "updat", "linkedin"]);
  });
});

describe("routeWork", () => {
  it("matches the team's skills, purpose and name, whatever the word form", () => {
    expect(routedNames("We should be posting about this on Twitter")).toEqual([
      "social-media-team",
    ]);
    expect(routedNames("Automating the regression suite")).toEqual(["qa-team"]);
    expect(routedNames("Forecasting next quarter's spend for finance")).toEqual(["finance-team"]);
  });

  it("counts a skill phrase as stronger evidence than its words apart", () => {
    const engineering = loadSampleProfile("engineering-team");
    const [frontend] = routeWork("We need a landing page", engineering.subteams);
    expect(frontend?.team.name).toBe("frontend-team");
    expect(frontend?.matched[0]).toBe("landing page");
  });

  it("returns nothing when no team shares the work's words", () => {
    expect(routedNames("Renew the office lease with the landlord")).toEqual([]);
    expect(routedNames("")).toEqual([]);
  });

  it("leaves out teams that are not active", () => {
    const paused = executive.subteams.map((t) =>
      t.name === "qa-team" ? { ...t, status: "inactive" } : t,
    );
    expect(routedNames("Automate the regression tests", paused)).not.toContain("qa-team");
  });

  it("drops a team that only shares a common word with the work when another fits well", () => {
    // "customers" is in sales' and operations' vocabulary; the support tickets make it operations.
    expect(routedNames("Fix the open support tickets for our customers")).toEqual([
      "operations-team",
    ]);
  });
});

describe("describeMatch", () => {
  it("names what matched and where it came from", () => {
    const [social] = routeWork("post about the launch on LinkedIn", executive.subteams);
    expect(social && describeMatch(social)).toBe(
      "its members' skills and responsibilities include linkedin; its purpose mentions posts",
    );
  });
});

describe("matchMembers", () => {
  it("finds the manager's own members whose skills fit, for work no team below takes", () => {
    const engineering = loadSampleProfile("engineering-team");
    expect(routeWork("Migrate the database", engineering.subteams)).toEqual([]);
    expect(
      matchMembers("Migrate the database", engineering.members).map((m) => m.member.role),
    ).toEqual(["Backend Developer"]);
  });
});

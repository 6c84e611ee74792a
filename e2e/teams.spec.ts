// The team directory shows the seeded organisation, nested by reporting line, with a chat badge
// exactly on the teams the signed-in role may chat with (top-level, chat enabled, role allowed).
import type { Role } from "@/lib/auth/roles";
import { expect, test } from "./fixtures";
import type { TeamsPage, TeamsView } from "./pages/teams-page";

const CHAT_TEAMS = [
  "executive-team",
  "engineering-team",
  "marketing-team",
  "operations-team",
  "finance-team",
];
const OTHER_TEAMS = [
  "product-team",
  "qa-team",
  "sales-team",
  "frontend-team",
  "mobile-team",
  "social-media-team",
  "general-team",
];
const ALL_TEAMS = [...CHAT_TEAMS, ...OTHER_TEAMS];
const VIEWS: TeamsView[] = ["hierarchy", "list"];

async function expectAllTeamsShown(teams: TeamsPage): Promise<void> {
  await expect(teams.teams).toHaveCount(ALL_TEAMS.length);
  for (const slug of ALL_TEAMS) await expect(teams.team(slug)).toHaveCount(1);
}

async function openView(teams: TeamsPage, view: TeamsView): Promise<void> {
  // Signing in lands on the hierarchy; the list is one click away.
  if (view === "list") await teams.switchTo("list");
  await expect(view === "list" ? teams.table : teams.hierarchy).toBeVisible();
}

for (const role of ["admin", "user"] as const satisfies Role[]) {
  test.describe(`teams as ${role}`, () => {
    for (const view of VIEWS) {
      test(`${view} view: the chat badge is on exactly the five department heads`, async ({
        signInAs,
      }) => {
        const teams = await signInAs(role);
        await openView(teams, view);
        await expectAllTeamsShown(teams);

        await expect(teams.chatBadges).toHaveCount(CHAT_TEAMS.length);
        for (const slug of CHAT_TEAMS) await expect(teams.chatBadge(slug)).toBeVisible();
        for (const slug of OTHER_TEAMS) await expect(teams.chatBadge(slug)).toHaveCount(0);
      });
    }
  });
}

test.describe("teams as viewer", () => {
  for (const view of VIEWS) {
    test(`${view} view: every team is shown and none has a chat badge`, async ({ signInAs }) => {
      const teams = await signInAs("viewer");
      await openView(teams, view);
      await expectAllTeamsShown(teams);
      await expect(teams.chatBadges).toHaveCount(0);
    });
  }
});

test.describe("hierarchy", () => {
  test("teams are nested under the team they report to", async ({ signInAs }) => {
    const teams = await signInAs("user");
    await expect(teams.hierarchy).toBeVisible();

    // Only the executive team and the general team (which reports to no one) are roots.
    await expect(teams.rootTeams).toHaveCount(2);
    await expect(teams.hierarchy.locator(':scope > li[data-team="executive-team"]')).toHaveCount(1);
    await expect(teams.hierarchy.locator(':scope > li[data-team="general-team"]')).toHaveCount(1);

    const executive = teams.team("executive-team");
    const engineering = teams.team("engineering-team");
    await expect(executive.locator('li[data-team="engineering-team"]')).toBeVisible();
    await expect(engineering.locator('li[data-team="frontend-team"]')).toBeVisible();
    await expect(engineering.locator('li[data-team="mobile-team"]')).toBeVisible();
    // Reporting to an executive title nests under the team that holds it.
    for (const slug of [
      "marketing-team",
      "operations-team",
      "finance-team",
      "qa-team",
      "sales-team",
      "product-team",
      "social-media-team",
    ]) {
      await expect(executive.locator(`li[data-team="${slug}"]`)).toBeVisible();
    }
    // A sub-team is not also listed at the top, nor under a team it does not report to.
    await expect(teams.team("marketing-team").locator('li[data-team="frontend-team"]')).toHaveCount(
      0,
    );
    await expect(teams.team("general-team").locator("li[data-team]")).toHaveCount(0);
  });

  test("the view switch moves between the hierarchy and the table", async ({ page, signInAs }) => {
    const teams = await signInAs("user");
    await teams.switchTo("list");
    await expect(page).toHaveURL(/\/teams\?view=list$/);
    await expect(teams.hierarchy).toHaveCount(0);
    await teams.switchTo("hierarchy");
    await expect(page).toHaveURL(/\/teams$/);
    await expect(teams.table).toHaveCount(0);
  });
});

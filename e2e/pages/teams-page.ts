// The team directory: /teams as a hierarchy (the default) or as a table (?view=list).
import { expect, type Locator, type Page } from "@playwright/test";

export type TeamsView = "hierarchy" | "list";

export class TeamsPage {
  readonly heading: Locator;
  readonly hierarchy: Locator;
  readonly table: Locator;
  /** Every team row: the tree's list items or the table's rows, whichever view is shown. */
  readonly teams: Locator;
  /** Every chat badge on the page. */
  readonly chatBadges: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Teams", level: 1 });
    this.hierarchy = page.getByRole("list", { name: "Organisation" });
    this.table = page.getByRole("table", { name: "All teams" });
    this.teams = page.locator("[data-team]");
    this.chatBadges = page.getByTestId("chat-badge");
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
  }

  async goto(view: TeamsView = "hierarchy"): Promise<void> {
    await this.page.goto(view === "list" ? "/teams?view=list" : "/teams");
    await expect(this.heading).toBeVisible();
  }

  async switchTo(view: TeamsView): Promise<void> {
    const viewNav = this.page.getByRole("navigation", { name: "View" });
    await viewNav.getByRole("link", { name: view === "list" ? "List" : "Hierarchy" }).click();
    await expect(view === "list" ? this.table : this.hierarchy).toBeVisible();
  }

  /** A team's tree item (with its sub-teams nested inside) or its table row. */
  team(slug: string): Locator {
    return this.page.locator(`[data-team="${slug}"]`);
  }

  /** The roots of the hierarchy: teams that report to no other team. */
  get rootTeams(): Locator {
    return this.hierarchy.locator(":scope > li[data-team]");
  }

  /** The team's own line, without its sub-teams: the table row, or the tree item's first line. */
  teamLine(slug: string): Locator {
    return this.page.locator(`tr[data-team="${slug}"], li[data-team="${slug}"] > div`);
  }

  chatBadge(slug: string): Locator {
    return this.teamLine(slug).getByTestId("chat-badge");
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}

// /admin/teams: every team with its chat switch and, folded under its row, its settings form.
import { expect, type Locator, type Page } from "@playwright/test";

export class AdminTeamsPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Teams", level: 1 });
  }

  async goto(): Promise<void> {
    await this.page.goto("/admin/teams");
    await expect(this.heading).toBeVisible();
  }

  /** The switch is named after the team's display name. */
  chatSwitch(displayName: string): Locator {
    return this.page.getByRole("switch", { name: `Chat for ${displayName}` });
  }

  async setChat(displayName: string, on: boolean): Promise<void> {
    const toggle = this.chatSwitch(displayName);
    await expect(toggle).toHaveAttribute("aria-checked", String(!on));
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", String(on));
    await expect(toggle).toBeEnabled();
  }
}

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

  /** Opens the team's row and saves its manager: an ELF team server at `url`, or the built-in one. */
  async setManager(displayName: string, url: string | null): Promise<void> {
    const form = this.page.getByRole("form", { name: `Settings of ${displayName}` });
    const summary = this.page
      .locator("summary")
      .filter({ has: this.page.getByText(displayName, { exact: true }) });
    if (!(await form.isVisible())) await summary.click();
    await form
      .getByRole("combobox", { name: "Manager" })
      .selectOption(url ? "ELF team server (URL)" : "Built-in manager");
    if (url) await form.getByRole("textbox", { name: "Team server URL" }).fill(url);
    await form.getByRole("button", { name: "Save" }).click();
    // The row says what is saved (the form itself is re-mounted once the settings change).
    await expect(summary).toContainText(url ? `ELF ${url}` : "built-in manager");
  }
}

// The delegation preview card in a team's chat: the plan, its edit form, Confirm and Cancel.
import { expect, type Locator, type Page } from "@playwright/test";

export class PreviewCard {
  readonly card: Locator;
  readonly version: Locator;
  readonly editButton: Locator;
  readonly saveButton: Locator;
  readonly confirmButton: Locator;
  readonly editForm: Locator;
  readonly confirmed: Locator;
  readonly taskLink: Locator;
  readonly taskProgress: Locator;
  readonly subtasks: Locator;
  /** The card's explanation of a refusal because the plan changed meanwhile. */
  readonly staleNotice: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole("main");
    this.card = main.getByRole("region", { name: /^Delegation plan: / });
    this.version = this.card.getByText(/^Version \d+$/);
    this.editButton = this.card.getByRole("button", { name: "Edit", exact: true });
    this.saveButton = this.card.getByRole("button", { name: "Save", exact: true });
    this.confirmButton = this.card.getByRole("button", { name: "Confirm", exact: true });
    this.editForm = this.card.getByRole("form", { name: "Edit the plan" });
    this.confirmed = this.card.getByRole("status").filter({ hasText: "Confirmed — task created" });
    this.taskLink = this.card.getByRole("link", { name: "View the task" });
    this.taskProgress = this.card.getByRole("region", { name: "Task progress" });
    this.subtasks = this.card.getByRole("list", { name: "Subtasks" }).getByRole("listitem");
    this.staleNotice = this.card.getByRole("status").filter({ hasText: "This plan changed" });
  }

  async versionNumber(): Promise<number> {
    await expect(this.version).toBeVisible();
    return Number((await this.version.innerText()).replace(/\D+/g, ""));
  }

  title(): Locator {
    return this.card.getByRole("heading", { level: 2 });
  }

  subtaskTeamSelect(number: number): Locator {
    return this.card.getByLabel(`Subtask ${number} team`);
  }

  /** Picks a team for the subtask other than its current one, and returns its slug. */
  async reassignSubtask(number: number): Promise<string> {
    const select = this.subtaskTeamSelect(number);
    // The options arrive with the active-team list.
    await expect(select.locator("option")).not.toHaveCount(1);
    const current = await select.inputValue();
    const values = await select
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const other = values.find((value) => value !== current);
    if (!other) throw new Error("No other active team to reassign the subtask to");
    await select.selectOption(other);
    return other;
  }
}

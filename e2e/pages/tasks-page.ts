// /tasks (the list, filterable by status and team) and /tasks/<id> (one task).
import type { Locator, Page } from "@playwright/test";

export class TasksPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  /** On a task's page: the task's own status, beside its title. */
  readonly taskStatus: Locator;
  readonly cancelTaskButton: Locator;
  readonly confirmCancelButton: Locator;
  readonly keepTaskButton: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole("main");
    this.heading = main.getByRole("heading", { name: "Tasks", level: 1 });
    this.table = main.getByRole("table", { name: "Tasks" });
    this.rows = this.table.getByRole("row").filter({ has: page.getByRole("link") });
    this.taskStatus = main
      .getByRole("heading", { level: 1 })
      .locator("xpath=..")
      .locator("[data-status]");
    this.cancelTaskButton = main.getByRole("button", { name: "Cancel task" });
    this.confirmCancelButton = main
      .getByRole("group", { name: "Confirm cancelling the task" })
      .getByRole("button", { name: "Yes, cancel the task" });
    this.keepTaskButton = main.getByRole("button", { name: "Keep it" });
  }

  async goto(query: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(query).toString();
    await this.page.goto(search ? `/tasks?${search}` : "/tasks");
  }

  rowsTitled(title: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("link", { name: title, exact: true }) });
  }

  /** The status shown in the list for the task with this title. */
  statusOf(title: string): Locator {
    return this.rowsTitled(title).locator("[data-status]");
  }

  /** On a task's page: its subtasks, each a list item named after its title. */
  get subtasks(): Locator {
    return this.page
      .getByRole("main")
      .getByRole("list", { name: "Subtasks" })
      .getByRole("listitem");
  }

  get timeline(): Locator {
    return this.page
      .getByRole("main")
      .getByRole("list", { name: "Timeline" })
      .getByRole("listitem");
  }
}

// From a conversation to a task, end to end against the built-in offline planner: the preview card
// appears once the plan is ready, an edit (a subtask reassigned) makes a new version, Confirm makes
// exactly one task even when clicked twice, and /tasks follows the task live. A tab that missed an
// edit is refused with the current version shown; a task is cancelled from its page. Viewers read,
// and their open transcripts follow the plans live.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat-page";
import { PreviewCard } from "./pages/preview-card";
import { converseUntilPlan, TEAM } from "./support/converse";
import { TasksPage } from "./pages/tasks-page";

// Whole conversations with the offline planner, in several browsers at once.
test.beforeEach(() => test.slow());

/** /tasks in another tab, marked so a full reload (which would drop the mark) shows. */
async function openLiveTaskList(
  page: Page,
): Promise<{ tasks: TasksPage; wasReloaded: () => Promise<boolean> }> {
  const listPage = await page.context().newPage();
  const tasks = new TasksPage(listPage);
  await tasks.goto();
  await expect(tasks.heading).toBeVisible();
  await listPage.evaluate(() => Object.assign(window, { __notReloaded: true }));
  return {
    tasks,
    wasReloaded: async () => !(await listPage.evaluate(() => "__notReloaded" in window)),
  };
}

test.describe("delegation as user", () => {
  test("the plan appears, a subtask is reassigned, Confirm creates one task that /tasks shows live", async ({
    page,
    signInAs,
    pageAs,
    chatPage,
    previewCard,
    tasksPage,
  }) => {
    await signInAs("user");
    const { title, version } = await converseUntilPlan(chatPage, previewCard);
    await expect(previewCard.subtasks.first()).toBeVisible();

    // Edit: reassign the first subtask to another active team, then save.
    await previewCard.editButton.click();
    await expect(previewCard.editForm).toBeVisible();
    const team = await previewCard.reassignSubtask(1);
    await previewCard.saveButton.click();
    await expect(previewCard.editForm).toHaveCount(0);
    await expect(previewCard.version).toHaveText(`Version ${version + 1}`);
    await expect(previewCard.subtasks.first().locator(`[data-team="${team}"]`)).toBeVisible();

    // /tasks is open in another tab before the plan is confirmed: the task is not there yet.
    const list = await openLiveTaskList(page);
    await expect(list.tasks.rowsTitled(title)).toHaveCount(0);

    // Confirm twice in a row: the second click lands on a disabled button and does nothing.
    await previewCard.confirmButton.dblclick();
    await expect(previewCard.confirmed).toBeVisible();
    // A second confirm reaching the server would be answered "already confirmed".
    await expect(previewCard.card).not.toContainText("Already confirmed");
    await expect(previewCard.taskProgress).toBeVisible();
    await expect(previewCard.confirmButton).toHaveCount(0);
    await expect(chatPage.alert).not.toContainText(/./);
    const taskHref = await previewCard.taskLink.getAttribute("href");
    expect(taskHref).toMatch(/^\/tasks\/[0-9a-f-]{36}$/);

    // The other tab lists the task without a reload, and follows it as the built-in teams accept
    // their subtasks (dispatched; in progress while a dependent waits for its dependency).
    await expect(list.tasks.rowsTitled(title)).toHaveCount(1);
    await expect(list.tasks.statusOf(title)).toHaveText(/^(Dispatched|In progress)$/);
    expect(await list.wasReloaded()).toBe(false);

    // Exactly one task for this plan; its page shows the edit.
    await tasksPage.goto();
    const row = tasksPage.rowsTitled(title);
    await expect(row).toHaveCount(1);
    await row.getByRole("link", { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${taskHref}$`));
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(tasksPage.subtasks.first()).toContainText(`(${team})`);
    await expect(
      page.getByRole("heading", { name: `Confirmed plan (version ${version + 1})` }),
    ).toBeVisible();
    await expect(tasksPage.timeline.first()).toContainText("Created");

    // Filtering by the reassigned team finds it; by a status it does not have, not.
    await tasksPage.goto({ team });
    await expect(tasksPage.rowsTitled(title)).toHaveCount(1);
    await tasksPage.goto({ status: "cancelled" });
    await expect(tasksPage.rowsTitled(title)).toHaveCount(0);

    // Back in the chat (a reload), the confirmed plan is read-only and still links to its task.
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    await expect(previewCard.card).toContainText("Confirmed — task created");
    await expect(previewCard.taskLink).toHaveAttribute("href", taskHref!);
    await expect(previewCard.confirmButton).toHaveCount(0);
    await expect(previewCard.editButton).toHaveCount(0);

    // A viewer reads the same plan in the team's transcripts: confirmed, linked, nothing to click.
    const viewerPage = await pageAs("viewer");
    await new ChatPage(viewerPage).goto(TEAM.slug);
    const viewerCard = viewerPage.getByRole("region", { name: `Delegation plan: ${title}` });
    await expect(viewerCard).toBeVisible();
    await expect(viewerCard.locator("[data-plan-status]")).toHaveText("confirmed");
    await expect(viewerCard).toContainText(`Version ${version + 1}`);
    await expect(viewerCard.getByRole("link", { name: "View the task" })).toHaveAttribute(
      "href",
      taskHref!,
    );
    await expect(viewerCard.getByRole("button")).toHaveCount(0);
  });

  test("confirming a version another tab changed is refused, showing the current version", async ({
    page,
    signInAs,
    chatPage,
    previewCard,
  }) => {
    await signInAs("user");
    const other = await page.context().newPage();
    const otherChat = new ChatPage(other);
    const otherCard = new PreviewCard(other);
    const missing = await otherChat.missPlanUpdates();

    const { version } = await converseUntilPlan(chatPage, previewCard);
    await otherChat.goto(TEAM.slug);
    await otherChat.waitUntilReady();
    await expect(otherCard.version).toHaveText(`Version ${version}`);

    // This tab saves an edit while the other one misses the update.
    missing.start();
    await previewCard.editButton.click();
    await previewCard.reassignSubtask(1);
    await previewCard.saveButton.click();
    await expect(previewCard.version).toHaveText(`Version ${version + 1}`);
    await expect.poll(() => missing.missed()).toBeGreaterThan(0);
    missing.release();
    await expect(otherCard.version).toHaveText(`Version ${version}`);

    // The other tab confirms what it shows: refused, told why, and shown the current version.
    await otherCard.confirmButton.click();
    await expect(otherCard.staleNotice).toContainText(`it is at version ${version + 1} now`);
    await expect(otherCard.version).toHaveText(`Version ${version + 1}`);
    await expect(otherCard.confirmed).toHaveCount(0);
    await expect(otherCard.card.locator("[data-plan-status]")).toHaveText("proposed");

    // Having seen it, confirming the current version works.
    await otherCard.confirmButton.click();
    await expect(otherCard.confirmed).toBeVisible();
    await expect(previewCard.confirmed).toBeVisible();
  });

  test("a task is cancelled from its page, after a confirmation, and /tasks follows", async ({
    page,
    signInAs,
    chatPage,
    previewCard,
    tasksPage,
  }) => {
    await signInAs("user");
    const { title } = await converseUntilPlan(chatPage, previewCard);
    await previewCard.confirmButton.click();
    await expect(previewCard.taskLink).toBeVisible();
    const list = await openLiveTaskList(page);
    await expect(list.tasks.rowsTitled(title)).toHaveCount(1);

    await previewCard.taskLink.click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    // Asked first; keeping it changes nothing.
    await tasksPage.cancelTaskButton.click();
    await tasksPage.keepTaskButton.click();
    await expect(tasksPage.confirmCancelButton).toHaveCount(0);
    await expect(tasksPage.taskStatus).not.toHaveText("Cancelled");

    await tasksPage.cancelTaskButton.click();
    await tasksPage.confirmCancelButton.click();
    await expect(tasksPage.taskStatus).toHaveText("Cancelled");
    await expect(tasksPage.cancelTaskButton).toHaveCount(0);
    await expect(tasksPage.timeline.filter({ hasText: "Cancelled" }).first()).toBeVisible();
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);

    await expect(list.tasks.statusOf(title)).toHaveText("Cancelled");
    expect(await list.wasReloaded()).toBe(false);
  });
});

test.describe("delegation as viewer", () => {
  test("a viewer with the team's transcripts open sees a plan appear and be confirmed without reloading", async ({
    signInAs,
    pageAs,
    chatPage,
    previewCard,
  }) => {
    const viewerPage = await pageAs("viewer");
    const listening = viewerPage.waitForResponse(
      (response) => response.url().includes("/api/events?") && response.ok(),
    );
    const transcripts = new ChatPage(viewerPage);
    await transcripts.goto(TEAM.slug);
    await expect(transcripts.readOnlyNotice).toBeVisible();
    await listening;
    await viewerPage.evaluate(() => Object.assign(window, { __notReloaded: true }));

    await signInAs("user");
    const { title, version } = await converseUntilPlan(chatPage, previewCard);
    const viewerCard = viewerPage.getByRole("region", { name: `Delegation plan: ${title}` });
    await expect(viewerCard).toBeVisible();
    await expect(viewerCard.locator("[data-plan-status]")).toHaveText("proposed");
    await expect(viewerCard).toContainText(`Version ${version}`);

    await previewCard.confirmButton.click();
    await expect(previewCard.confirmed).toBeVisible();
    await expect(viewerCard.locator("[data-plan-status]")).toHaveText("confirmed");
    await expect(viewerCard.getByRole("link", { name: "View the task" })).toBeVisible();
    expect(await viewerPage.evaluate(() => "__notReloaded" in window)).toBe(true);
  });

  test("a viewer's chat page offers no Confirm", async ({ signInAs, chatPage, page }) => {
    await signInAs("viewer");
    await chatPage.goto(TEAM.slug);
    await expect(chatPage.readOnlyNotice).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  });
});

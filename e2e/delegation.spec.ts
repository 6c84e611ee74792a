// From a conversation to a task, end to end against the built-in offline planner: the preview card
// appears once the plan is ready, an edit (a subtask reassigned) makes a new version, Confirm makes
// exactly one task even when clicked twice, and the task shows on /tasks. Viewers cannot confirm.
import { expect, test } from "./fixtures";

const TEAM = { slug: "executive-team", manager: "Chief Executive Officer" };

test.describe("delegation as user", () => {
  test("the plan appears, a subtask is reassigned, Confirm creates one task that /tasks shows", async ({
    page,
    signInAs,
    chatPage,
    previewCard,
    tasksPage,
  }) => {
    await signInAs("user");
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    // Other specs chatted in this session already; the plan is built from a conversation of its own.
    await chatPage.endSessionButton.click();
    await chatPage.startNewSessionButton.click();
    await chatPage.waitUntilReady();
    await expect(previewCard.card).toHaveCount(0);

    const tag = Date.now();
    const replies = await chatPage.repliesFrom(TEAM.manager).count();
    await chatPage.send(`Launch a marketing campaign for our analytics product ${tag} by end of next month`);
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 1);
    await chatPage.send("At least 500 sign-ups in the first week");
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 2);

    await expect(previewCard.card).toBeVisible();
    await expect(previewCard.title()).toContainText(String(tag));
    await expect(previewCard.card).toContainText("At least 500 sign-ups in the first week");
    await expect(previewCard.subtasks.first()).toBeVisible();
    const title = (await previewCard.title().innerText()).trim();
    const version = await previewCard.versionNumber();

    // Edit: reassign the first subtask to another active team, then save.
    await previewCard.editButton.click();
    await expect(previewCard.editForm).toBeVisible();
    const team = await previewCard.reassignSubtask(1);
    await previewCard.saveButton.click();
    await expect(previewCard.editForm).toHaveCount(0);
    await expect(previewCard.version).toHaveText(`Version ${version + 1}`);
    await expect(previewCard.subtasks.first().locator(`[data-team="${team}"]`)).toBeVisible();

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

    // Exactly one task for this plan, listed with its status; its page shows the edit.
    await tasksPage.goto();
    await expect(tasksPage.heading).toBeVisible();
    const row = tasksPage.rowsTitled(title);
    await expect(row).toHaveCount(1);
    await expect(row.locator("[data-status]")).toHaveText(/Pending|Dispatched|In progress|Completed|Failed/);
    await row.getByRole("link", { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${taskHref}$`));
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(tasksPage.subtasks.first()).toContainText(`(${team})`);
    await expect(page.getByRole("heading", { name: `Confirmed plan (version ${version + 1})` })).toBeVisible();
    await expect(tasksPage.timeline.first()).toContainText("Created");

    // Filtering by the reassigned team finds it; by a status it does not have, not.
    await tasksPage.goto({ team });
    await expect(tasksPage.rowsTitled(title)).toHaveCount(1);
    await tasksPage.goto({ status: "cancelled" });
    await expect(tasksPage.rowsTitled(title)).toHaveCount(0);

    // Back in the chat, the confirmed plan is read-only.
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    await expect(previewCard.card).toContainText("Confirmed — task created");
    await expect(previewCard.confirmButton).toHaveCount(0);
    await expect(previewCard.editButton).toHaveCount(0);
  });
});

test.describe("delegation as viewer", () => {
  test("a viewer's chat page offers no Confirm", async ({ signInAs, chatPage, page }) => {
    await signInAs("viewer");
    await chatPage.goto(TEAM.slug);
    await expect(chatPage.readOnlyNotice).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  });
});

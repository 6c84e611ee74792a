// A session's life in the chat: ending one that holds an open plan asks first, and cancelling keeps
// the session, the conversation and the plan as they were.
import { expect, test } from "./fixtures";
import { converseUntilPlan } from "./support/converse";

// Several replies of the offline planner per test, each a round trip through the socket.
test.beforeEach(() => test.slow());

test.describe("ending a session", () => {
  test("with an open plan, End session asks first, naming the plan; keeping it changes nothing", async ({
    signInAs,
    chatPage,
    previewCard,
  }) => {
    await signInAs("user");
    const { title, version } = await converseUntilPlan(chatPage, previewCard);
    const before = await chatPage.messageTexts();

    await chatPage.endSessionButton.click();
    await expect(chatPage.endSessionDialog).toBeVisible();
    await expect(chatPage.endSessionDialog).toContainText(`“${title}”`);
    // Keeping is the safe default: it has focus.
    const keep = chatPage.endSessionDialog.getByRole("button", { name: "Keep the session" });
    await expect(keep).toBeFocused();
    await keep.click();
    await expect(chatPage.endSessionDialog).toHaveCount(0);
    await expect(chatPage.endSessionButton).toBeFocused();
    await expect(chatPage.startNewSessionButton).toHaveCount(0);
    await expect(previewCard.confirmButton).toBeEnabled();
    await expect(previewCard.version).toHaveText(`Version ${version}`);
    expect(await chatPage.messageTexts()).toEqual(before);
    await expect(chatPage.messageBox).toBeEnabled();

    // Escape keeps it too.
    await chatPage.endSessionButton.click();
    await expect(chatPage.endSessionDialog).toBeVisible();
    await chatPage.page.keyboard.press("Escape");
    await expect(chatPage.endSessionDialog).toHaveCount(0);
    await expect(chatPage.startNewSessionButton).toHaveCount(0);

    // Ending it for real ends the session, with the plan left unconfirmed.
    await chatPage.endSessionButton.click();
    await chatPage.endSessionDialog
      .getByRole("button", { name: "End and discard the plan" })
      .click();
    await expect(chatPage.startNewSessionButton).toBeVisible();
    await expect(previewCard.confirmButton).toHaveCount(0);
  });

  test("without an open plan, End session ends at once", async ({ signInAs, chatPage }) => {
    await signInAs("user");
    await chatPage.openNewSession("executive-team");
    await chatPage.endSessionButton.click();
    await expect(chatPage.startNewSessionButton).toBeVisible();
    await expect(chatPage.endSessionDialog).toHaveCount(0);
  });
});

test.describe("conversation history", () => {
  test("a past session is listed beside the chat, opens read-only, and is found by search", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    await signInAs("user");
    await chatPage.openNewSession("executive-team");
    const tag = `Zephyr${Date.now()}`;
    const text = `What does the ${tag} rollout need from us?`;
    const replies = await chatPage.repliesFrom("Chief Executive Officer").count();
    await chatPage.send(text);
    await expect(chatPage.repliesFrom("Chief Executive Officer")).toHaveCount(replies + 1);

    // The rail titles the open session by its first message, without a reload.
    const rail = page.getByRole("complementary", {
      name: "Your conversations with Executive Leadership Team",
    });
    const current = rail.getByRole("link", { name: text });
    await expect(current).toHaveAttribute("aria-current", "page");
    const itemOf = (name: string) =>
      rail.getByRole("listitem").filter({ has: page.getByRole("link", { name }) });
    await expect(itemOf(text)).toContainText("Open");

    // Ended, it stays in the rail and opens read-only.
    await chatPage.startNewSession();
    const past = rail.getByRole("link", { name: text });
    await expect(past).not.toHaveAttribute("aria-current", "page");
    await expect(itemOf(text)).toContainText("Ended");
    await past.click();
    await expect(page).toHaveURL(/\/chats\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: text })).toBeVisible();
    await expect(page.getByRole("note")).toContainText("This conversation has ended");
    await expect(chatPage.log.getByRole("article", { name: "Message from You" })).toContainText(
      text,
    );
    await expect(chatPage.messageBox).toHaveCount(0);

    // Back to the list of the user's conversations with that team.
    await page
      .getByRole("link", { name: "Your conversations with Executive Leadership Team" })
      .click();
    await expect(page).toHaveURL(/\/chats\?team=executive-team$/);
    await expect(page.getByText("With Executive Leadership Team.")).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: text })).toBeVisible();

    // Search across the user's own conversations, by a word's beginning.
    await page.goto("/chats");
    await page.getByRole("searchbox", { name: "Search your conversations" }).fill(tag.slice(0, 10));
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/chats\?q=/);
    const results = page.getByRole("region", { name: /^Conversations matching/ });
    await expect(results.getByRole("link", { name: text })).toBeVisible();
    await page.goto(`/chats?q=nothingsaidlike${Date.now()}`);
    await expect(page.getByText("No conversation of yours mentions")).toBeVisible();
  });

  test("search lists only the signed-in user's own conversations", async ({
    page,
    signInAs,
    pageAs,
    chatPage,
  }) => {
    await signInAs("user");
    // A session of its own, so the message is its title.
    await chatPage.openNewSession("executive-team");
    const tag = `Quokka${Date.now()}`;
    await chatPage.send(`Budget question about ${tag}`);
    await expect(chatPage.userMessages.filter({ hasText: tag })).not.toContainText("Sending…");
    await page.goto(`/chats?q=${tag}`);
    await expect(page.getByRole("link", { name: `Budget question about ${tag}` })).toBeVisible();

    const admin = await pageAs("admin");
    await admin.goto(`/chats?q=${tag}`);
    await expect(admin.getByText("No conversation of yours mentions")).toBeVisible();
  });
});

test.describe("the plan shown once", () => {
  test("the card sits at the turn that proposed it; a revision is a note of what changed", async ({
    page,
    signInAs,
    chatPage,
    previewCard,
  }) => {
    await signInAs("user");
    const { version } = await converseUntilPlan(chatPage, previewCard);
    // One card, and no reply writes the plan out beside it.
    await expect(page.getByRole("region", { name: /^Delegation plan: / })).toHaveCount(1);
    await expect(
      chatPage.repliesFrom("Chief Executive Officer").filter({ hasText: "Objective:" }),
    ).toHaveCount(0);
    await expect(chatPage.repliesFrom("Chief Executive Officer").last()).toContainText(
      "I've revised the plan",
    );

    // The first version came with the first answer; the criterion revised it.
    expect(version).toBe(2);
    const note = page.getByRole("complementary", { name: "Plan revised: version 1 to 2" });
    await expect(note).toContainText("Success criteria: 1 added");
    // The card is above the message that led to the revision, the note below it.
    const revising = chatPage.userMessages.filter({ hasText: "At least 500 sign-ups" });
    const cardBox = (await previewCard.card.boundingBox())!;
    const revisingBox = (await revising.boundingBox())!;
    const noteBox = (await note.boundingBox())!;
    expect(cardBox.y).toBeLessThan(revisingBox.y);
    expect(noteBox.y).toBeGreaterThan(revisingBox.y);

    await note.getByRole("button", { name: "Show the plan" }).click();
    await expect(previewCard.card).toBeInViewport();

    // A reload shows the same: the plan once, the revision as what changed, each at its turn.
    const before = await chatPage.messageTexts();
    await page.reload();
    await chatPage.waitUntilReady();
    await expect.poll(() => chatPage.messageTexts()).toEqual(before);
    await expect(page.getByRole("region", { name: /^Delegation plan: / })).toHaveCount(1);
    await expect(previewCard.version).toHaveText(`Version ${version}`);
    await expect(note).toContainText("Success criteria: 1 added");
    expect((await previewCard.card.boundingBox())!.y).toBeLessThan(
      (await revising.boundingBox())!.y,
    );
    expect((await note.boundingBox())!.y).toBeGreaterThan((await revising.boundingBox())!.y);
  });
});

test.describe("after Confirm", () => {
  test("the result is in view with focus, one link leads to the task, and a toast says so", async ({
    page,
    signInAs,
    chatPage,
    previewCard,
  }) => {
    await signInAs("user");
    await converseUntilPlan(chatPage, previewCard);
    await previewCard.confirmButton.click();

    await expect(previewCard.confirmed).toBeFocused();
    await expect(previewCard.confirmed).toBeInViewport();
    await expect(page.getByText("Plan confirmed: task created")).toBeVisible();
    await expect(previewCard.card.getByRole("link")).toHaveCount(1);
    await expect(previewCard.taskLink).toHaveAttribute("href", /^\/tasks\/[0-9a-f-]{36}$/);
  });
});

// A session's life in the chat: ending one that holds an open plan asks first, and cancelling keeps
// the session, the conversation and the plan as they were.
import { expect, test } from "./fixtures";
import { converseUntilPlan } from "./support/converse";

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
    await chatPage.goto("executive-team");
    await chatPage.waitUntilReady();
    await chatPage.startNewSession();
    await chatPage.endSessionButton.click();
    await expect(chatPage.startNewSessionButton).toBeVisible();
    await expect(chatPage.endSessionDialog).toHaveCount(0);
  });
});

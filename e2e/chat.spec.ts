// The chat with a team's manager, end to end against the built-in offline planner: opened from the
// chat icon on /teams, a message and its streamed reply, the history after a reload, the message
// box's keys, and a viewer's read-only view.
import { expect, test } from "./fixtures";

const TEAM = {
  slug: "executive-team",
  name: "Executive Leadership Team",
  manager: "Chief Executive Officer",
};

test.describe("chat as user", () => {
  test("the chat icon opens the chat; a message gets a reply; a reload shows the same history", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    await signInAs("user");
    await page.getByRole("link", { name: `Chat with ${TEAM.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${TEAM.slug}/chat$`));
    await expect(page.getByRole("heading", { level: 1, name: TEAM.name })).toBeVisible();

    // The offline planner greets, and says honestly what it is.
    await chatPage.waitUntilReady();
    await expect(chatPage.repliesFrom(TEAM.manager).first()).toContainText("offline planner");

    const replies = await chatPage.repliesFrom(TEAM.manager).count();
    const text = `Plan the launch of our analytics dashboard (e2e ${Date.now()})`;
    await chatPage.send(text);
    await expect(chatPage.messageBox).toHaveValue("");

    const sent = chatPage.userMessages.filter({ hasText: text });
    await expect(sent).toHaveCount(1);
    await expect(sent).not.toContainText("Sending…");
    // The reply is stored and shown after the message it answers.
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 1);
    await expect(chatPage.messages.last()).toHaveAccessibleName(`Message from ${TEAM.manager}`);
    await expect(chatPage.messages.last()).not.toBeEmpty();
    await expect(page.getByRole("status").filter({ hasText: "is thinking" })).toHaveCount(0);
    const before = await chatPage.messageTexts();
    expect(before.length).toBeGreaterThanOrEqual(3);

    await page.reload();
    await chatPage.waitUntilReady();
    await expect.poll(() => chatPage.messageTexts()).toEqual(before);
    await expect(chatPage.userMessages.filter({ hasText: text })).toHaveCount(1);
  });

  test("Shift+Enter makes a new line; Enter sends the lines as one message", async ({
    signInAs,
    chatPage,
  }) => {
    await signInAs("user");
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    const sentBefore = await chatPage.userMessages.count();

    const first = `First line ${Date.now()}`;
    await chatPage.type(first);
    await chatPage.messageBox.press("Shift+Enter");
    await chatPage.messageBox.pressSequentially("second line");
    // Not sent: the text is still in the box, on two lines.
    await expect(chatPage.messageBox).toHaveValue(`${first}\nsecond line`);
    await expect(chatPage.userMessages).toHaveCount(sentBefore);

    await chatPage.messageBox.press("Enter");
    await expect(chatPage.messageBox).toHaveValue("");
    const sent = chatPage.userMessages.filter({ hasText: first });
    await expect(sent).toHaveCount(1);
    expect(await sent.innerText()).toContain(`${first}\nsecond line`);
  });
});

test.describe("edit and resend", () => {
  test("the last message can be put back in the box to edit, or sent again", async ({
    signInAs,
    chatPage,
  }) => {
    test.slow();
    await signInAs("user");
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    await chatPage.startNewSession();
    const text = `Draft the hiring plan for Q3 (e2e ${Date.now()})`;
    const replies = await chatPage.repliesFrom(TEAM.manager).count();
    await chatPage.send(text);
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 1);

    const last = chatPage.userMessages.filter({ hasText: text });
    await last.getByRole("button", { name: "Edit" }).click();
    await expect(chatPage.messageBox).toHaveValue(text);
    await expect(chatPage.messageBox).toBeFocused();
    await chatPage.messageBox.fill("");

    await last.getByRole("button", { name: "Resend" }).click();
    await expect(chatPage.userMessages.filter({ hasText: text })).toHaveCount(2);
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 2);
    // Only the last message offers them.
    await expect(
      chatPage.userMessages.filter({ hasText: text }).first().getByRole("button", { name: "Edit" }),
    ).toHaveCount(0);
  });
});

test.describe("chat as viewer", () => {
  test("a viewer reads the team's chats but has no message box and gets no chat token", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    const teams = await signInAs("viewer");
    await expect(teams.chatBadges).toHaveCount(0);
    await page.getByRole("link", { name: `Read chats with ${TEAM.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${TEAM.slug}/chat$`));

    await expect(chatPage.readOnlyNotice).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: TEAM.name })).toBeVisible();
    await expect(chatPage.messageBox).toHaveCount(0);
    await expect(chatPage.sendButton).toHaveCount(0);

    // As the page itself would send it: same Origin, so the CSRF front door lets it through
    // and the role check is what refuses it.
    const origin = new URL(page.url()).origin;
    const refused = await page.request.post("/api/chat/token", {
      data: { team: TEAM.slug },
      headers: { origin },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("role_not_allowed");
  });
});

// Chat essentials against a manager whose replies the test decides: marketing-team is answered by
// an ELF team server (a process of its own running the echo test manager), set up by an admin as
// people do. Copying a reply and its code block, Esc stopping a reply in progress, "Jump to latest"
// while reading further up, and the message box's focus and focus ring.
import type { Browser, Page } from "@playwright/test";
import { startEchoTeamServer, type ServerProcess } from "../test/elf/processes";
import { TEST_SECRETS } from "../test/support/app-process";
import { expect, test } from "./fixtures";
import { AdminTeamsPage } from "./pages/admin-teams-page";
import { signInOn } from "./support/tour";

const TEAM = { slug: "marketing-team", name: "Marketing", manager: "Marketing Director" };

let teamServer: ServerProcess | undefined;

async function setTeamManager(browser: Browser, baseURL: string | undefined, url: string | null) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInOn(page, "admin");
  const admin = new AdminTeamsPage(page);
  await admin.goto();
  await admin.setManager(TEAM.name, url);
  await context.close();
}

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  // The team server trusts the chat tokens the app signs (elf-contract.md §3).
  teamServer = await startEchoTeamServer({
    team: TEAM.slug,
    env: { JWT_SECRET_KEY: TEST_SECRETS.JWT_SECRET_KEY },
  });
  await setTeamManager(browser, baseURL, teamServer.url);
});

test.afterAll(async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  await setTeamManager(browser, baseURL, null);
  await teamServer?.stop();
});

/** How the element's focus ring is drawn: its outline, and any box-shadow standing in for one. */
function focusRing(page: Page, selector: string) {
  return page.locator(selector).evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
      shadow: style.boxShadow,
    };
  });
}

test.describe("chat essentials", () => {
  test.beforeEach(() => test.slow());

  test("a reply and its code block copy exactly as the manager wrote them", async ({
    page,
    context,
    signInAs,
    chatPage,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInAs("user");
    await chatPage.openNewSession(TEAM.slug);
    const code = "const answer = 42;\nconsole.log(answer);";
    const text = `Here is the snippet ${Date.now()}:\n\`\`\`ts\n${code}\n\`\`\``;
    await chatPage.send(text);
    const reply = chatPage.repliesFrom(TEAM.manager).filter({ hasText: "console.log(answer)" });
    await expect(reply).toHaveCount(1);
    const readClipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await reply.getByRole("button", { name: "Copy code" }).click();
    await expect(reply.getByRole("button", { name: "Copy code: copied" })).toBeVisible();
    // The code alone: no fence, no language, none of the text around it.
    expect((await readClipboard()).trimEnd()).toBe(code);

    await reply.getByRole("button", { name: `Copy message from ${TEAM.manager}` }).click();
    await expect(
      reply.getByRole("button", { name: /^Copy message from .*: copied$/ }),
    ).toBeVisible();
    // The whole reply as Markdown, fence included.
    expect(await readClipboard()).toBe(`echo: ${text}`);
  });

  test("Esc stops a reply in progress, and the next message is answered", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    await signInAs("user");
    await chatPage.openNewSession(TEAM.slug);
    const replies = await chatPage.repliesFrom(TEAM.manager).count();
    const thinking = page.getByRole("status").filter({ hasText: "is thinking" });
    const stop = page.getByRole("main").getByRole("button", { name: "Stop" });

    await chatPage.send("stall: write the launch announcement");
    await expect(thinking).toBeVisible();
    await expect(stop).toBeVisible();
    await expect(chatPage.sendButton).toBeDisabled();
    await page.keyboard.press("Escape");

    await expect(stop).toHaveCount(0);
    await expect(thinking).toHaveCount(0);
    await expect(page.getByText("Enter to send, Shift+Enter for a new line.")).toBeVisible();
    // Stopped for good: a reload finds the manager idle and no reply to the stopped message.
    await page.reload();
    await chatPage.waitUntilReady();
    await expect(thinking).toHaveCount(0);
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies);

    // The next message gets its own answer; the late one to the stopped message is never shown.
    await chatPage.send("And the press release?");
    await expect(chatPage.repliesFrom(TEAM.manager)).toHaveCount(replies + 1);
    await expect(chatPage.repliesFrom(TEAM.manager).last()).toContainText(
      "echo: And the press release?",
    );
    await expect(chatPage.log).not.toContainText("echo: stall");
  });

  test("scrolled up while a reply arrives, the reader stays put until Jump to latest", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    await page.setViewportSize({ width: 1280, height: 640 });
    await signInAs("user");
    await chatPage.openNewSession(TEAM.slug);
    const jump = page.getByRole("button", { name: "Jump to latest" });
    const replies = chatPage.repliesFrom(TEAM.manager);
    const count = await replies.count();

    // A conversation taller than the window, followed to its end while the reader is there.
    const lines = Array.from({ length: 16 }, (_, i) => `Point ${i + 1} of the brief`).join("\n");
    await chatPage.send(lines);
    await expect(replies).toHaveCount(count + 1);
    await expect(replies.last()).toBeInViewport();
    await expect(jump).toHaveCount(0);

    // The reader scrolls up while the next reply is being written.
    await chatPage.send("stall: and the budget");
    await chatPage.log.hover();
    await page.mouse.wheel(0, -5_000);
    await expect(jump).toBeVisible();
    await expect(replies).toHaveCount(count + 2, { timeout: 15_000 });
    await expect(replies.last()).toContainText("echo: stall: and the budget");
    // Not pulled down by the new reply.
    await expect(replies.last()).not.toBeInViewport();
    await expect(jump).toBeVisible();

    await jump.click();
    await expect(replies.last()).toBeInViewport();
    await expect(jump).toHaveCount(0);
  });

  test("the message box has focus when the chat opens, and a focus ring when reached by keyboard", async ({
    page,
    signInAs,
    chatPage,
  }) => {
    await signInAs("user");
    await chatPage.goto(TEAM.slug);
    await chatPage.waitUntilReady();
    await expect(chatPage.messageBox).toBeFocused();
    const box = "main textarea";

    await chatPage.messageBox.blur();
    const blurred = await focusRing(page, box);
    expect(blurred.outline).toBe(0);

    // Into the box from the button after it, by keyboard.
    await chatPage.messageBox.fill("Draft");
    await chatPage.sendButton.focus();
    await page.keyboard.press("Shift+Tab");
    await expect(chatPage.messageBox).toBeFocused();
    const focused = await focusRing(page, box);
    expect(
      focused.outline >= 2 || focused.shadow !== blurred.shadow,
      `a visible ring (outline ${focused.outline}px, box-shadow ${focused.shadow})`,
    ).toBe(true);
  });
});

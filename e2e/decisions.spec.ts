// The decisions view: a plan proposed in the user's chat (here in another browser context) appears
// on /decisions and as "Awaiting you" on /teams without a reload, and leaves once confirmed.
import { expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat-page";
import { PreviewCard } from "./pages/preview-card";
import { converseUntilPlan, TEAM } from "./support/converse";

test.beforeEach(() => test.slow());

test.describe("decisions", () => {
  test("a plan proposed in another browser context appears on /decisions and /teams live", async ({
    page,
    signInAs,
    pageAs,
  }) => {
    await signInAs("user");
    await page.goto("/decisions");
    await expect(page.getByRole("heading", { level: 1, name: "Decisions" })).toBeVisible();
    await page.evaluate(() => Object.assign(window, { __notReloaded: true }));
    const teamsTab = await page.context().newPage();
    await teamsTab.goto("/teams?view=list");
    await teamsTab.evaluate(() => Object.assign(window, { __notReloaded: true }));
    const awaiting = teamsTab
      .getByRole("row")
      .filter({ hasText: TEAM.name })
      .getByRole("link", {
        name: `Awaiting you: a plan from ${TEAM.name} needs your confirmation`,
      });

    // The same user, chatting in another browser (another device).
    const other = await pageAs("user");
    const chat = new ChatPage(other);
    const card = new PreviewCard(other);
    const tag = `Decision${Date.now()}`;
    const { title } = await converseUntilPlan(chat, card, tag);

    const decision = page.getByRole("article", { name: `Plan awaiting you: ${title}` });
    await expect(decision).toBeVisible({ timeout: 20_000 });
    await expect(decision).toContainText(TEAM.name);
    await expect(awaiting).toBeVisible({ timeout: 20_000 });
    expect(await page.evaluate(() => "__notReloaded" in window)).toBe(true);
    expect(await teamsTab.evaluate(() => "__notReloaded" in window)).toBe(true);

    // Confirmed elsewhere, it is no longer awaited.
    await card.confirmButton.click();
    await expect(card.confirmed).toBeVisible();
    await expect(decision).toHaveCount(0, { timeout: 20_000 });
    await expect(awaiting).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByText("No plan is waiting for you.")).toBeVisible();
  });

  test("a viewer is awaited for nothing and has no Decisions link", async ({ page, signInAs }) => {
    await signInAs("viewer");
    await expect(page.getByRole("navigation", { name: "Main" })).not.toContainText("Decisions");
    await page.goto("/decisions");
    await expect(page.getByText("Viewers do not confirm plans.")).toBeVisible();
  });
});

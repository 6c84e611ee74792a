// Admins turn chat on and off per team; everyone with /teams open sees the badge follow at once,
// and a chat that is switched off ends politely, telling the user why.
import { expect, test } from "./fixtures";
import { AdminTeamsPage } from "./pages/admin-teams-page";
import { ChatPage } from "./pages/chat-page";
import { TeamsPage } from "./pages/teams-page";

test("an admin enables chat for general-team; a user's open /teams shows the badge without reloading, and the chat follows when it is turned off", async ({
  signInAs,
  page,
  pageAs,
}) => {
  const userPage = await pageAs("user");
  const userTeams = new TeamsPage(userPage);
  await expect(userTeams.teamLine("general-team")).toBeVisible();
  await expect(userTeams.chatBadge("general-team")).toHaveCount(0);
  // A marker that a reload would wipe: the badge must arrive without one.
  await userPage.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  await signInAs("admin");
  const admin = new AdminTeamsPage(page);
  await admin.goto();
  await admin.setChat("General Purpose", true);

  await expect(userTeams.chatBadge("general-team")).toBeVisible();
  expect(
    await userPage.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
  ).toBe(true);

  await userTeams.chatBadge("general-team").click();
  const chat = new ChatPage(userPage);
  await expect(chat.connected).toBeVisible();
  await expect(chat.repliesFrom("General Manager").first()).toBeVisible();

  await admin.setChat("General Purpose", false);
  await expect(userPage.getByRole("region", { name: "Session ended" })).toContainText(
    "Chat was turned off for this team.",
  );
  await expect(chat.alert.first()).toContainText(
    "This chat with General Purpose has ended; its history is kept.",
  );
  await expect(chat.messageBox).toBeDisabled();
});

test("admins switch chat from /teams too; users and viewers get the 403 page on /admin/teams", async ({
  signInAs,
  page,
  pageAs,
}) => {
  const teams = await signInAs("admin");
  const toggle = page.getByRole("switch", { name: "Chat for Operations" });
  await expect(teams.chatBadge("operations-team")).toBeVisible();
  await toggle.click();
  await expect(teams.chatBadge("operations-team")).toHaveCount(0);
  await toggle.click();
  await expect(teams.chatBadge("operations-team")).toBeVisible();

  for (const role of ["user", "viewer"] as const) {
    const other = await pageAs(role);
    await expect(other.getByRole("switch")).toHaveCount(0);
    const response = await other.goto("/admin/teams");
    expect(response?.status()).toBe(403);
    await expect(
      other.getByRole("heading", { name: "You do not have access to this page" }),
    ).toBeVisible();
  }
});

test("eight tabs of one browser share one event stream: new tabs still load and every tab follows a change", async ({
  signInAs,
  page,
  pageAs,
}) => {
  // Nine pages on one browser: 26–29 s on an idle two-core machine, against the 30 s default.
  test.slow();
  const first = await pageAs("user");
  const tabs = [new TeamsPage(first)];
  // A stream per tab would use up the browser's six connections to the host: a seventh tab would not load.
  for (let i = 1; i < 8; i += 1) {
    const tab = new TeamsPage(await first.context().newPage());
    await tab.goto();
    tabs.push(tab);
  }
  await signInAs("admin");
  const admin = new AdminTeamsPage(page);
  await admin.goto();
  await admin.setChat("General Purpose", true);
  for (const tab of tabs) await expect(tab.chatBadge("general-team")).toBeVisible();
  await admin.setChat("General Purpose", false);
  for (const tab of tabs) await expect(tab.chatBadge("general-team")).toHaveCount(0);
});

test("a page whose event stream was refused (a deploy's 503) opens it again and still follows changes", async ({
  signInAs,
  page,
  pageAs,
}) => {
  const userPage = await pageAs("user");
  // The next stream request is answered 503, as by a load balancer mid-deploy: the browser gives up on it.
  let refused = 0;
  await userPage.route("**/api/events*", async (route) => {
    if (refused++ === 0) return route.fulfill({ status: 503, body: "deploying" });
    return route.fallback();
  });
  await userPage.reload();
  const userTeams = new TeamsPage(userPage);
  await expect(userTeams.heading).toBeVisible();
  await expect.poll(() => refused).toBeGreaterThan(1); // it came back for another stream

  await signInAs("admin");
  const admin = new AdminTeamsPage(page);
  await admin.goto();
  await admin.setChat("General Purpose", true);
  await expect(userTeams.chatBadge("general-team")).toBeVisible();
  await admin.setChat("General Purpose", false);
  await expect(userTeams.chatBadge("general-team")).toHaveCount(0);
});

// Signing in and out through the UI: the redirect round trip, a wrong password, signing out.
import { expect, test } from "./fixtures";
import { E2E_USERS } from "./support/users";

test.describe("authentication", () => {
  test("a signed-out visit to /teams goes to /login and comes back after signing in", async ({
    page,
    loginPage,
    teamsPage,
  }) => {
    await page.goto("/teams");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fteams$/);
    await expect(loginPage.submit).toBeVisible();

    await loginPage.signIn(E2E_USERS.user.email, E2E_USERS.user.password);
    await expect(page).toHaveURL(/\/teams$/);
    await expect(teamsPage.heading).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(E2E_USERS.user.email);
  });

  test("a wrong password shows an error and stays on /login", async ({ page, loginPage }) => {
    await loginPage.goto("/teams");
    await loginPage.signIn(E2E_USERS.user.email, "not-the-password");

    await expect(loginPage.error).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fteams$/);
    await expect(loginPage.submit).toBeEnabled();
    // Still signed out: the protected page sends us back to /login.
    await page.goto("/teams");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fteams$/);
  });

  test("signing out returns to /login and ends the session", async ({ page, signInAs }) => {
    const teams = await signInAs("admin");
    await teams.signOut();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

    await page.goto("/teams");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fteams$/);
  });
});

// Test fixtures: page objects, and signInAs(role) which signs the page in through /login.
import { test as base, expect, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { PreviewCard } from "./pages/preview-card";
import { TasksPage } from "./pages/tasks-page";
import { TeamsPage } from "./pages/teams-page";
import { E2E_USERS } from "./support/users";

interface Fixtures {
  chatPage: ChatPage;
  loginPage: LoginPage;
  teamsPage: TeamsPage;
  previewCard: PreviewCard;
  tasksPage: TasksPage;
  /** Signs in as the seeded user of this role and lands on /teams. */
  signInAs: (role: Role) => Promise<TeamsPage>;
  /** A page in a browser context of its own (another person), signed in as this role. */
  pageAs: (role: Role) => Promise<Page>;
}

async function signIn(page: Page, role: Role): Promise<TeamsPage> {
  const { email, password } = E2E_USERS[role];
  const teamsPage = new TeamsPage(page);
  const loginPage = new LoginPage(page);
  await loginPage.goto("/teams");
  await loginPage.signIn(email, password);
  await expect(page).toHaveURL(/\/teams$/);
  await expect(teamsPage.heading).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(email);
  return teamsPage;
}

export const test = base.extend<Fixtures>({
  chatPage: async ({ page }, use) => {
    await use(new ChatPage(page));
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  teamsPage: async ({ page }, use) => {
    await use(new TeamsPage(page));
  },
  previewCard: async ({ page }, use) => {
    await use(new PreviewCard(page));
  },
  tasksPage: async ({ page }, use) => {
    await use(new TasksPage(page));
  },
  signInAs: async ({ page }, use) => {
    await use((role) => signIn(page, role));
  },
  pageAs: async ({ browser, baseURL }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (role) => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, role);
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect };

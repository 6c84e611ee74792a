// Every page of the app as each role sees it, at desktop and phone sizes in both themes: shared by
// the accessibility spec and the screenshot script, so both cover the same pages.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";
import { E2E_USERS } from "./users";

export const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type SizeName = keyof typeof SIZES;
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const ROLES = ["admin", "user", "viewer"] as const satisfies Role[];

export interface TourStop {
  /** A file-name-safe name for the page. */
  name: string;
  path: string;
  /** What shows the page has finished rendering what matters. */
  ready: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
};

/** The chat, once connected and its history is in (or a viewer's transcripts). */
const chatReady = (role: Role) => async (page: Page) => {
  const main = page.getByRole("main");
  if (role === "viewer") {
    await expect(main.getByText("Viewers can read this team's chats")).toBeVisible();
    return;
  }
  await expect(main.getByRole("status").filter({ hasText: /^Connected$/ })).toBeVisible();
  await expect(
    main.getByRole("log", { name: "Messages" }).getByRole("article").first(),
  ).toBeVisible();
};

/** The pages a role can reach, plus the error pages it may meet; `taskId` adds a task's page. */
export function tourFor(role: Role, taskId: string | null): TourStop[] {
  const stops: TourStop[] = [
    { name: "teams", path: "/teams", ready: heading("Teams") },
    { name: "teams-list", path: "/teams?view=list", ready: heading("Teams") },
    { name: "chat", path: "/teams/executive-team/chat", ready: chatReady(role) },
    { name: "chats", path: "/chats", ready: heading("Your conversations") },
    { name: "chats-search", path: "/chats?q=plan", ready: heading("Your conversations") },
    { name: "decisions", path: "/decisions", ready: heading("Decisions") },
    { name: "tasks", path: "/tasks", ready: heading("Tasks") },
    { name: "tokens", path: "/settings/tokens", ready: heading("API tokens") },
    { name: "not-found", path: "/no-such-page", ready: heading("This page does not exist") },
  ];
  if (taskId) stops.push({ name: "task", path: `/tasks/${taskId}`, ready: heading(/.+/) });
  if (role === "admin") {
    stops.push(
      { name: "admin-teams", path: "/admin/teams", ready: heading("Teams") },
      { name: "admin-users", path: "/admin/users", ready: heading("Users") },
      { name: "admin-audit", path: "/admin/audit", ready: heading("Audit log") },
    );
  } else {
    stops.push({
      name: "forbidden",
      path: "/admin/teams",
      ready: heading("You do not have access to this page"),
    });
  }
  return stops;
}

/** A browser context of this size and theme (the app follows the system theme by default). */
export async function openContext(
  browser: Browser,
  baseURL: string | undefined,
  size: SizeName,
  theme: Theme,
): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: SIZES[size], colorScheme: theme });
}

export async function signInOn(page: Page, role: Role): Promise<void> {
  const { email, password } = E2E_USERS[role];
  await page.goto("/login?callbackUrl=%2Fteams");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/teams$/);
}

/** The newest task's id, if there is one. */
export async function findTaskId(page: Page): Promise<string | null> {
  await page.goto("/tasks");
  const row = page.locator("[data-task]").first();
  return (await row.count()) > 0 ? row.getAttribute("data-task") : null;
}

/** How far the page scrolls sideways (0 when it fits the window). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * A confirmed task to visit (and a plan card in finance-team's chat): the user asks the offline
 * planner for a plan and confirms it. Returns the task's id.
 */
export async function makeTask(page: Page): Promise<string> {
  await page.goto("/teams/finance-team/chat");
  const main = page.getByRole("main");
  const replies = main.locator('[data-message-role="assistant"]');
  const box = main.getByRole("textbox", { name: "Message" });
  await expect(main.getByRole("status").filter({ hasText: /^Connected$/ })).toBeVisible();
  await expect(replies.first()).toBeVisible();
  const card = main.getByRole("region", { name: /^Delegation plan: / });
  for (const text of [
    `Prepare the quarterly budget review ${Date.now()} by end of next month`,
    "Every department signs off its budget",
  ]) {
    const before = await replies.count();
    await box.fill(text);
    await box.press("Enter");
    await expect(replies).toHaveCount(before + 1);
  }
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Confirm", exact: true }).click();
  const link = card.getByRole("link", { name: "View the task" });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href")) ?? "";
  return href.split("/").pop()!;
}

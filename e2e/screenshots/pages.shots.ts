// `npm run screenshots`: every page as each role sees it, in light and dark, at desktop and phone
// sizes, written to screenshots/ (git ignores it) so a reviewer can look without running the app.
import path from "node:path";
import { test } from "@playwright/test";
import {
  ROLES,
  SIZES,
  THEMES,
  findTaskId,
  makeTask,
  openContext,
  signInOn,
  tourFor,
  type SizeName,
} from "../support/tour";

const OUT = path.resolve(import.meta.dirname, "../../screenshots");

let taskId: string | null = null;

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInOn(page, "user");
  taskId = (await findTaskId(page)) ?? (await makeTask(page));
  await context.close();
});

for (const role of ROLES) {
  for (const theme of THEMES) {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      test(`${role}, ${theme}, ${size}`, async ({ browser, baseURL }) => {
        test.setTimeout(120_000);
        const context = await openContext(browser, baseURL, size, theme);
        const page = await context.newPage();
        const shoot = (name: string) =>
          page.screenshot({
            path: path.join(OUT, `${role}-${name}-${theme}-${size}.png`),
            fullPage: true,
            animations: "disabled",
          });
        if (role === "admin") {
          await page.goto("/login");
          await shoot("login");
        }
        await signInOn(page, role);
        for (const stop of tourFor(role, taskId)) {
          await page.goto(stop.path);
          await stop.ready(page);
          await shoot(stop.name);
        }
        await context.close();
      });
    }
  }
}

// Every page, signed in as each role, in light and dark, at desktop and phone sizes: axe finds no
// serious or critical violation (WCAG 2.2 AA, target sizes included), and no page scrolls sideways
// at 390 px. One browser context per role, theme and size; the pages are visited in it.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import {
  ROLES,
  SIZES,
  THEMES,
  findTaskId,
  makeTask,
  openContext,
  sidewaysOverflow,
  signInOn,
  tourFor,
  type SizeName,
} from "./support/tour";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

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
      test(`${role}, ${theme}, ${size}: no serious axe violation and no sideways scroll`, async ({
        browser,
        baseURL,
      }) => {
        test.setTimeout(120_000);
        const context = await openContext(browser, baseURL, size, theme);
        const page = await context.newPage();
        const problems: string[] = [];
        const check = async (name: string) => {
          await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
          const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
          for (const v of violations.filter(
            (v) => v.impact === "serious" || v.impact === "critical",
          ))
            problems.push(
              `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(" "))
                .join(" | ")}`,
            );
          if (size === "phone") {
            const overflow = await sidewaysOverflow(page);
            if (overflow > 0) problems.push(`${name}: scrolls ${overflow}px sideways at 390 px`);
          }
        };

        await page.goto("/login");
        await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
        await check("login");
        await signInOn(page, role);
        for (const stop of tourFor(role, taskId)) {
          await page.goto(stop.path);
          await stop.ready(page);
          await check(stop.name);
        }
        await context.close();
        expect(problems, problems.join("\n")).toEqual([]);
      });
    }
  }
}

// An admin manages users on /admin/users; anyone else gets the 403 page there.
import { expect, test } from "./fixtures";
import { AdminUsersPage } from "./pages/admin-users-page";

test("an admin creates a user and changes their role", async ({ page, signInAs }) => {
  await signInAs("admin");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }),
  ).toBeVisible();
  const admin = new AdminUsersPage(page);
  await admin.goto();
  await expect(admin.heading).toBeVisible();

  const email = `new-${Date.now()}@e2e.test`;
  await admin.createUser({ email, password: "new-user-password-1", role: "viewer" });
  await expect(admin.createForm.getByRole("status")).toHaveText(`Created ${email}.`);
  await expect(admin.row(email)).toContainText("Active");
  await expect(admin.roleOf(email)).toHaveValue("viewer");

  // A role change asks first, and nothing changes until the admin says yes.
  await admin.roleOf(email).selectOption("user");
  await admin.confirmRoleChange(email).getByRole("button", { name: "Keep viewer" }).click();
  await expect(admin.roleOf(email)).toHaveValue("viewer");
  await admin.roleOf(email).selectOption("user");
  await admin.confirmRoleChange(email).getByRole("button", { name: "Make user" }).click();
  await expect(admin.toast(`${email} is now user.`)).toBeVisible();
  await page.reload();
  await expect(admin.roleOf(email)).toHaveValue("user");
});

test("disabling asks first, and an admin is not offered to disable themselves", async ({
  page,
  signInAs,
}) => {
  await signInAs("admin");
  const admin = new AdminUsersPage(page);
  await admin.goto();
  const email = `disable-${Date.now()}@e2e.test`;
  await admin.createUser({ email, password: "new-user-password-1", role: "user" });
  await expect(admin.row(email)).toContainText("Active");

  await expect(admin.row("admin@e2e.test").getByRole("button", { name: /^Disable/ })).toHaveCount(
    0,
  );
  await admin
    .row(email)
    .getByRole("button", { name: `Disable ${email}` })
    .click();
  const confirm = page.getByRole("group", { name: `Confirm disabling ${email}` });
  await expect(confirm).toContainText("signed out");
  await confirm.getByRole("button", { name: "Yes, disable" }).click();
  await expect(admin.toast(`${email} is disabled.`)).toBeVisible();
  await expect(admin.row(email)).toContainText("Disabled");
});

test("a user who is not an admin gets the 403 page", async ({ page, signInAs }) => {
  await signInAs("user");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }),
  ).toHaveCount(0);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { name: "You do not have access to this page" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toHaveCount(0);
});

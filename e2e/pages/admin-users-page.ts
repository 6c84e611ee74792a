// /admin/users: the create form, and the user table with a row (and its controls) per user.
import type { Locator, Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";

export class AdminUsersPage {
  readonly heading: Locator;
  readonly createForm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Users" });
    this.createForm = page.getByRole("region", { name: "Create a user" });
  }

  goto() {
    return this.page.goto("/admin/users");
  }

  async createUser(user: { email: string; password: string; role: Role }): Promise<void> {
    await this.createForm.getByLabel("Email").fill(user.email);
    await this.createForm.getByLabel("Password").fill(user.password);
    await this.createForm.getByLabel("Role").selectOption(user.role);
    await this.createForm.getByRole("button", { name: "Create user" }).click();
  }

  row(email: string): Locator {
    return this.page.getByRole("row", { name: email });
  }

  roleOf(email: string): Locator {
    return this.page.getByLabel(`Role of ${email}`);
  }

  /** The question a role change asks before it is made. */
  confirmRoleChange(email: string): Locator {
    return this.page.getByRole("group", { name: `Confirm the role change of ${email}` });
  }

  /** A toast saying what came of an action. */
  toast(text: string): Locator {
    return this.page.getByRole("region", { name: /^Notifications/ }).getByText(text);
  }
}

// `cc users …`: add users, change roles, disable and re-enable, through the user administration
// service (its rules, such as the last admin's protection, its audit and its change events).
import { randomBytes } from "node:crypto";
import { Argument, Option, type Command } from "commander";
import { ROLES, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { addUser, listUsers, setUserDisabled, setUserRole } from "@/lib/users/admin";
import { withCliContext } from "./context";
import { printJson, printLine, printTable } from "./output";

interface AddOptions {
  role: Role;
  name?: string;
  password?: string;
  passwordStdin?: boolean;
}

async function readPasswordFromStdin(): Promise<string> {
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const password = input.split(/\r?\n/)[0] ?? "";
  if (!password)
    throw new AppError("bad_request", "--password-stdin: no password on standard input.");
  return password;
}

async function addUserCommand(email: string, options: AddOptions) {
  if (options.password !== undefined && options.passwordStdin)
    throw new AppError("bad_request", "Give --password or --password-stdin, not both.");
  const given = options.passwordStdin ? await readPasswordFromStdin() : options.password;
  const password = given ?? randomBytes(18).toString("base64url");
  await withCliContext(async ({ sql, actor }) => {
    const user = await addUser(
      sql,
      { email, name: options.name, role: options.role, password },
      actor,
    );
    printLine(`${user.email}: added as ${user.role}`);
    if (given === undefined)
      printLine(`password: ${password}  (shown once; keep it somewhere safe)`);
  });
}

function listUsersCommand(options: { json?: boolean }) {
  return withCliContext(async ({ sql }) => {
    const users = await listUsers(sql);
    if (options.json) {
      printJson(users);
      return;
    }
    printTable(
      ["EMAIL", "NAME", "ROLE", "STATUS"],
      users.map((user) => [
        user.email,
        user.name ?? "",
        user.role,
        user.disabled_at ? "disabled" : "enabled",
      ]),
    );
  });
}

function setRoleCommand(email: string, role: Role) {
  return withCliContext(async ({ sql, actor }) => {
    const user = await setUserRole(sql, email, role, actor);
    printLine(`${user.email}: role ${user.role}`);
  });
}

function setDisabledCommand(disabled: boolean) {
  return (email: string) =>
    withCliContext(async ({ sql, actor }) => {
      const user = await setUserDisabled(sql, email, disabled, actor);
      printLine(`${user.email}: ${disabled ? "disabled" : "enabled"}`);
    });
}

export function registerUserCommands(program: Command): void {
  const users = program
    .command("users")
    .description("add users, set roles, disable and enable them");
  users
    .command("list")
    .description("every user: email, name, role, enabled or disabled")
    .option("--json", "print JSON instead of a table")
    .action(listUsersCommand);
  users
    .command("add")
    .description("add a user (a password is generated and printed once unless you give one)")
    .argument("<email>", "their sign-in email")
    .addOption(new Option("--role <role>", "their role").choices(ROLES).makeOptionMandatory())
    .option("--name <name>", "their name as shown in the app")
    .option(
      "--password <password>",
      "their password (visible in your shell history; prefer --password-stdin)",
    )
    .option("--password-stdin", "read the password from the first line of standard input")
    .action(addUserCommand);
  users
    .command("set-role")
    .description("change a user's role (takes effect on their next request)")
    .argument("<email>", "the user's email")
    .addArgument(new Argument("<role>", "the new role").choices(ROLES))
    .action(setRoleCommand);
  users
    .command("disable")
    .description("disable a user: their sessions and chat sockets end at once")
    .argument("<email>", "the user's email")
    .action(setDisabledCommand(true));
  users
    .command("enable")
    .description("re-enable a disabled user")
    .argument("<email>", "the user's email")
    .action(setDisabledCommand(false));
}

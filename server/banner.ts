// The one time a generated admin password is shown: on the terminal, never in the structured log.
import type { AdminBootstrap } from "@/lib/users/bootstrap";

export function printAdminCredentials(admin: AdminBootstrap, url: string): void {
  if (admin.kind !== "generated") {
    process.stdout.write(`\n  ELF Control Center is ready: ${url}\n\n`);
    return;
  }
  const lines = [
    "ELF Control Center is ready.",
    "",
    `  Open      ${url}/login`,
    `  Email     ${admin.email}`,
    `  Password  ${admin.password}`,
    "",
    "This admin was created because no user existed. The password is shown only",
    "once: sign in and keep it, or set ADMIN_EMAIL and ADMIN_PASSWORD and restart.",
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "=".repeat(width);
  process.stdout.write(`\n${bar}\n${lines.map((l) => `  ${l}`).join("\n")}\n${bar}\n\n`);
}

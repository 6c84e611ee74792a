// Where a plan came from when a team server proposed it, so its confirmation or cancellation goes
// back through that server (elf-contract.md §2): {"kind":"elf","url":…,"session_id":…}.
import "server-only";
import type { Migration } from "./index";

export const planOrigin: Migration = {
  id: "0007-plan-origin",
  sql: `
ALTER TABLE cc_delegation_plans ADD COLUMN IF NOT EXISTS origin jsonb;
`,
};

// The lint rule that keeps browser code off lib's server modules: it must refuse a value import
// from lib/ outside lib/protocol in a "use client" module, and leave server modules alone.
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
// @ts-expect-error -- plain ESM module loaded by eslint.config.mjs
import { clientLibImports } from "@/scripts/eslint/client-lib-imports.mjs";

RuleTester.describe = describe;
RuleTester.it = it;

const ROOT = path.resolve(import.meta.dirname, "../..");
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const filename = path.join(ROOT, "components/admin/editor.tsx");
const client = (code: string) => ({ code: `"use client";\n${code}`, filename });
const serverError = [{ messageId: "serverCode" }];

tester.run("client-lib-imports", clientLibImports, {
  valid: [
    client('import { ROLES } from "@/lib/protocol/roles";'),
    client('import { clientEvents } from "@/lib/protocol";'),
    client('import { planDraftSchema } from "../../lib/protocol/delegation";'),
    client('import type { TeamSettings } from "@/lib/teams/settings-schemas";'),
    client('import { type Team, type TeamNode } from "@/lib/teams/schemas";'),
    client('import { useState } from "react";'),
    client('import { FIELD } from "../ui/form-styles";'),
    // A server component or module may use lib's server code.
    { code: 'import { signOut } from "@/lib/auth/config";', filename },
  ],
  invalid: [
    { ...client('import { TEAM_STATUSES } from "@/lib/teams/schemas";'), errors: serverError },
    { ...client('import { getLogger } from "../../lib/logger";'), errors: serverError },
    { ...client('import { ROLES, type Role } from "@/lib/auth/roles";'), errors: serverError },
    { ...client('import "@/lib/env";'), errors: serverError },
    { ...client('export { getDb } from "@/lib/db/client";'), errors: serverError },
    { ...client('const m = import("@/lib/events/bus");'), errors: serverError },
  ],
});

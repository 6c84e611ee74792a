import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { TokenList, type TokenListItem } from "@/components/settings/token-list";
import { SiteHeader } from "@/components/site-header";
import { scopesForRole } from "@/lib/api-tokens/schemas";
import { listApiTokens } from "@/lib/api-tokens/service";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export default async function ApiTokensPage() {
  const user = await requirePageUser("/settings/tokens");
  const tokens: TokenListItem[] = (await listApiTokens(getDb(), user.id)).map((token) => ({
    id: token.id,
    name: token.name,
    scope: token.scope,
    token_prefix: token.token_prefix,
    created_at: token.created_at.toISOString(),
    expires_at: iso(token.expires_at),
    last_used_at: iso(token.last_used_at),
    revoked_at: iso(token.revoked_at),
  }));

  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto max-w-6xl space-y-8 px-4 py-6 sm:px-6 sm:py-8">
        <div>
          <h1 className="text-2xl font-semibold">API tokens</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Personal tokens for scripts: send one as{" "}
            <code>Authorization: Bearer &lt;token&gt;</code> to the JSON API (<code>/api/…</code>).
            A token acts as you, never with more than your role allows; a read token may only read.
          </p>
        </div>
        <CreateTokenForm scopes={scopesForRole(user.role)} createToken={createTokenAction} />
        <TokenList tokens={tokens} revokeToken={revokeTokenAction} />
      </main>
    </>
  );
}

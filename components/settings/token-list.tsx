"use client";
import { useState } from "react";
import type { ApiTokenScope } from "@/lib/api-tokens/schemas";
import type { Ack } from "@/lib/protocol/ack";
import { LocalTime } from "../chat/local-time";
import { SECONDARY_BUTTON } from "../ui/form-styles";
import { ListTable } from "../ui/list-table";
import { ConfirmBar } from "../ui/confirm-bar";
import { useToastAction } from "../ui/use-toast-action";

export interface TokenListItem {
  id: string;
  name: string;
  scope: ApiTokenScope;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const DATE = "yyyy-MM-dd HH:mm";

function status(token: TokenListItem): string {
  if (token.revoked_at) return "Revoked";
  if (token.expires_at && new Date(token.expires_at) <= new Date()) return "Expired";
  return "Active";
}

export function TokenList({
  tokens,
  revokeToken,
}: {
  tokens: TokenListItem[];
  revokeToken: (input: { token_id: string }) => Promise<Ack<{ name: string }>>;
}) {
  const { pending, run } = useToastAction();
  // The token whose revocation waits for a yes: a revoked token cannot be brought back.
  const [asking, setAsking] = useState<string | null>(null);

  if (tokens.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">You have no API tokens yet.</p>;
  return (
    <section aria-labelledby="token-list" className="space-y-3">
      <h2 id="token-list" className="font-semibold">
        Your tokens
      </h2>
      <ListTable columns={["Name", "Token", "Scope", "Created", "Last used", "Expires", "Status"]}>
        <tbody>
          {tokens.map((token) => (
            <tr
              key={token.id}
              aria-label={token.name}
              className="border-b border-zinc-100 dark:border-zinc-800/60"
            >
              <td className="py-2 pr-3 font-medium break-all">{token.name}</td>
              <td data-label="Token" className="py-2 pr-3 font-mono text-xs">
                {token.token_prefix}…
              </td>
              <td data-label="Scope" className="py-2 pr-3">
                {token.scope}
              </td>
              <td data-label="Created" className="py-2 pr-3">
                <LocalTime iso={token.created_at} pattern={DATE} />
              </td>
              <td data-label="Last used" className="py-2 pr-3">
                {token.last_used_at ? (
                  <LocalTime iso={token.last_used_at} pattern={DATE} />
                ) : (
                  "Never"
                )}
              </td>
              <td data-label="Expires" className="py-2 pr-3">
                {token.expires_at ? <LocalTime iso={token.expires_at} pattern={DATE} /> : "Never"}
              </td>
              <td data-label="Status" className="py-2 pr-3">
                {status(token)}
              </td>
              <td className="py-2">
                {!token.revoked_at && asking !== token.id && (
                  <button
                    type="button"
                    disabled={pending}
                    className={SECONDARY_BUTTON}
                    onClick={() => setAsking(token.id)}
                  >
                    Revoke {token.name}
                  </button>
                )}
                {asking === token.id && (
                  <ConfirmBar
                    label={`Confirm revoking ${token.name}`}
                    question={`Revoke ${token.name}? Scripts using it stop working at once; this cannot be undone.`}
                    confirm="Yes, revoke"
                    keep="Keep it"
                    pending={pending}
                    onKeep={() => setAsking(null)}
                    onConfirm={() =>
                      run(
                        () => revokeToken({ token_id: token.id }),
                        (revoked) => `Revoked ${revoked.name}; it no longer works.`,
                        () => setAsking(null),
                      )
                    }
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ListTable>
    </section>
  );
}

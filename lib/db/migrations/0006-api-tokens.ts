// Personal API tokens: only a SHA-256 hash of each secret is stored; the secret is shown once.
import "server-only";
import type { Migration } from "./index";

export const apiTokens: Migration = {
  id: "0006-api-tokens",
  sql: `
CREATE TABLE IF NOT EXISTS cc_api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES cc_users(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- 'read': GET requests only; 'write': every method the owner's role allows.
  scope text NOT NULL CHECK (scope IN ('read', 'write')),
  token_hash text NOT NULL,
  -- The first characters of the secret, so a person can tell their tokens apart.
  token_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS cc_api_tokens_hash_key ON cc_api_tokens (token_hash);
CREATE INDEX IF NOT EXISTS cc_api_tokens_user_idx ON cc_api_tokens (user_id, created_at DESC);
`,
};

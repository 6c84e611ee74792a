// Sign-in throttling that nobody can turn against an account: failures are counted per client
// address and per address + account, never per account alone, so an attacker's failures slow the
// attacker down while the right password from any other address still signs in. Past a few free
// failures each further one doubles the pause before that key may try again (up to a cap). The
// counters live in PostgreSQL, so every instance behind a load balancer sees the same ones.
import "server-only";
import type { Db } from "../db/client";

export interface ThrottleRule {
  /** Failures allowed before pauses start. */
  free: number;
  /** The first pause; each further failure doubles it. */
  baseSeconds: number;
  capSeconds: number;
}

/** Per address and account: a person mistyping a password a few times never waits. */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseSeconds: 1, capSeconds: 15 * 60 };
/** Per address, across accounts: room for a shared office address, none for a password spray. */
export const ADDRESS_RULE: ThrottleRule = { free: 20, baseSeconds: 1, capSeconds: 15 * 60 };
/** A key quiet this long starts counting from zero again (longer than any pause). */
export const FORGET_AFTER_SECONDS = 60 * 60;

export interface ThrottleKeys {
  address: string;
  account: string;
}

export function throttleKeys(clientAddress: string, email: string): ThrottleKeys {
  return {
    address: `address:${clientAddress}`,
    account: `account:${clientAddress}:${email.trim().toLowerCase()}`,
  };
}

/** How long a key must wait after `failures` failures (0: it may try now). */
export function pauseSeconds(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** (failures - rule.free));
}

/** Seconds until these keys may try again; 0 when they may try now. */
export async function secondsUntilAllowed(db: Db, keys: ThrottleKeys): Promise<number> {
  const rows = await db<{ key: string; failures: number; since: number }[]>`
    SELECT key, failures, extract(epoch FROM now() - last_failure_at)::float8 AS since
    FROM cc_sign_in_failures
    WHERE key IN (${keys.address}, ${keys.account})
      AND last_failure_at > now() - make_interval(secs => ${FORGET_AFTER_SECONDS})`;
  let wait = 0;
  for (const row of rows) {
    const rule = row.key === keys.address ? ADDRESS_RULE : ACCOUNT_RULE;
    wait = Math.max(wait, pauseSeconds(row.failures, rule) - row.since);
  }
  return Math.max(0, Math.ceil(wait));
}

/** Counts a failure against both keys; returns the address + account key's failures so far. */
export async function recordFailure(db: Db, keys: ThrottleKeys): Promise<number> {
  const rows = await db<{ key: string; failures: number }[]>`
    INSERT INTO cc_sign_in_failures AS f (key, failures, last_failure_at)
    VALUES (${keys.address}, 1, now()), (${keys.account}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE
        WHEN f.last_failure_at <= now() - make_interval(secs => ${FORGET_AFTER_SECONDS}) THEN 1
        ELSE f.failures + 1
      END,
      last_failure_at = now()
    RETURNING key, failures`;
  await db`
    DELETE FROM cc_sign_in_failures
    WHERE last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS})`;
  return rows.find((row) => row.key === keys.account)?.failures ?? 0;
}

/**
 * A right password clears the address + account key. The address key stays: one account an
 * attacker holds must not wipe the failures they spread over other accounts.
 */
export async function recordSuccess(db: Db, keys: ThrottleKeys): Promise<void> {
  await db`DELETE FROM cc_sign_in_failures WHERE key = ${keys.account}`;
}

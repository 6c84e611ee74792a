// The fleet's coordination tables without a write-ahead log. Their rows live seconds to a minute
// (a lease renewed every 2 s, a socket's entry every 10 s, a message allowance for its window), so
// there is nothing to recover after a crash, and a commit that wrote no WAL waits for no flush:
// the rate-limit check in front of every chat message went from a WAL flush to an in-memory write
// (pgbench here: 0.44 ms to 0.08 ms a commit). After a PostgreSQL crash or a failover they start
// empty: a lease holder's renew then finds no row, steps down and claims the session afresh; open
// sockets stop counting against the per-user cap until they reconnect (the cap errs towards
// letting a user in); allowances start afresh. Sign-in failures and revoked sessions stay logged:
// they are security records.
import "server-only";
import type { Migration } from "./index";

export const unloggedCoordination: Migration = {
  id: "0014-unlogged-coordination",
  sql: `
ALTER TABLE cc_leases SET UNLOGGED;
ALTER TABLE cc_chat_connections SET UNLOGGED;
ALTER TABLE cc_chat_rate_limits SET UNLOGGED;
`,
};

import "server-only";
import { elfRegistry } from "./0001-elf-registry";
import { controlCenter } from "./0002-control-center";
import { chat } from "./0003-chat";
import { delegation } from "./0004-delegation";
import { admin } from "./0005-admin";
import { apiTokens } from "./0006-api-tokens";
import { planOrigin } from "./0007-plan-origin";
import { sessionVersion } from "./0008-session-version";
import { supabaseOutbox } from "./0009-supabase-outbox";
import { elfFidelity } from "./0010-elf-fidelity";
import { signInThrottle } from "./0011-sign-in-throttle";
import { fleet } from "./0012-fleet";
import { chatHistory } from "./0013-chat-history";
import { unloggedCoordination } from "./0014-unlogged-coordination";
import { admitConnection } from "./0015-admit-connection";
import { proposePlan } from "./0016-propose-plan";
import { openChatSession } from "./0017-open-chat-session";

export interface Migration {
  id: string;
  sql: string;
}

/** Applied in this order; never edit a migration that has shipped, add a new one. */
export const MIGRATIONS: Migration[] = [
  elfRegistry,
  controlCenter,
  chat,
  delegation,
  admin,
  apiTokens,
  planOrigin,
  sessionVersion,
  supabaseOutbox,
  elfFidelity,
  signInThrottle,
  fleet,
  chatHistory,
  unloggedCoordination,
  admitConnection,
  proposePlan,
  openChatSession,
];

// What the process resolved at boot (database URL, secrets), shared by the custom server and the
// Next route handlers, which run in the same process but in separately bundled module graphs.
import "server-only";
import { AppError } from "./errors";

export interface Runtime {
  databaseUrl: string;
  /** Signs next-auth session cookies. */
  authSecret: string;
  /** HS256 key for chat tokens, shared with ELF team servers as JWT_SECRET_KEY. */
  chatTokenSecret: string;
  chatTokenTtlSeconds: number;
}

const GLOBAL_KEY = Symbol.for("elf-cc.runtime");
type Holder = { [GLOBAL_KEY]?: Runtime };

export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[GLOBAL_KEY] = runtime;
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as Holder)[GLOBAL_KEY];
  if (!runtime) {
    throw new AppError(
      "unavailable",
      "The Control Center server has not finished starting (run it with `npm start` or `npm run dev`).",
    );
  }
  return runtime;
}

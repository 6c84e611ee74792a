import type { Role } from "./roles";

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** cc_users.session_version when the user signed in. */
    session_version?: number;
  }
}

declare module "next-auth" {
  interface Session {
    session_version?: number;
  }
}

import type { Role } from "./roles";

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** cc_users.session_version when the user signed in. */
    session_version?: number;
    /** This session's id, set at sign-in; sign-out revokes it (cc_revoked_sessions). */
    sid?: string;
  }
}

declare module "next-auth" {
  interface Session {
    session_version?: number;
    sid?: string;
  }
}

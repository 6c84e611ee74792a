// The accounts the e2e launcher creates, one per role; specs sign in with these.
import type { Role } from "@/lib/auth/roles";

export interface E2eUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export const E2E_USERS = {
  admin: {
    email: "admin@e2e.test",
    password: "e2e-admin-password-1",
    name: "E2E Admin",
    role: "admin",
  },
  user: { email: "user@e2e.test", password: "e2e-user-password-1", name: "E2E User", role: "user" },
  viewer: {
    email: "viewer@e2e.test",
    password: "e2e-viewer-password-1",
    name: "E2E Viewer",
    role: "viewer",
  },
} as const satisfies Record<Role, E2eUser>;

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

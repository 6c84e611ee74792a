// Starts the real, built Control Center as a child process on an ephemeral port.
import { startNodeProcess, type NodeProcess } from "./node-process";

export const TEST_ADMIN = { email: "admin@example.test", password: "admin-password-1" };
export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdefghijklmnop",
  JWT_SECRET_KEY: "test-jwt-secret-0123456789abcdefghijklmnopq",
};

export type AppProcess = NodeProcess;

export function startAppProcess(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<AppProcess> {
  return startNodeProcess({
    args: ["dist/server/index.js"],
    env: {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: "info",
      ...TEST_SECRETS,
      ...extraEnv,
    },
    listening: "listening",
  });
}

// Secrets a zero-configuration install needs (database password, session and chat-token keys),
// generated once and kept in DATA_DIR with owner-only permissions. Configured values always win.
import "server-only";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const storedSecretsSchema = z.object({
  databasePassword: z.string().min(16),
  authSecret: z.string().min(32),
  chatTokenSecret: z.string().min(32),
});
export type StoredSecrets = z.infer<typeof storedSecretsSchema>;

const generate = () => randomBytes(32).toString("base64url");

export async function loadOrCreateSecrets(dataDir: string): Promise<StoredSecrets> {
  const file = path.resolve(dataDir, "secrets.json");
  try {
    return storedSecretsSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(
        `${file} is unreadable or damaged; restore it or remove DATA_DIR to start over.`,
        { cause: error },
      );
    }
  }
  const secrets = {
    databasePassword: generate(),
    authSecret: generate(),
    chatTokenSecret: generate(),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  await chmod(file, 0o600);
  return secrets;
}

/**
 * The stored secrets, read (or generated) on first use only: a process whose database and keys
 * are all configured never touches DATA_DIR.
 */
export function storedSecretsLoader(dataDir: string): () => Promise<StoredSecrets> {
  let loaded: Promise<StoredSecrets> | undefined;
  return () => (loaded ??= loadOrCreateSecrets(dataDir));
}

// PostgreSQL refuses to run as root, so as root the embedded server runs as the unprivileged
// "postgres" user, who must be able to enter every folder above its binaries and its data. A
// checkout under /root (mode 700) fails deep inside initdb with EACCES; this finds out first and
// says what to do.
import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { StartupError } from "../startup-error";

/** The first existing folder on the way to `target` that other users cannot enter, if any. */
export async function findClosedFolder(target: string): Promise<string | null> {
  const absolute = path.resolve(target);
  const { root } = path.parse(absolute);
  const parts = absolute.slice(root.length).split(path.sep).filter(Boolean);
  let current = root;
  for (const part of [null, ...parts]) {
    if (part !== null) current = path.join(current, part);
    const info = await stat(current).catch(() => null);
    if (!info) return null; // created later, by us, with the usual modes
    if (!info.isDirectory()) continue;
    if ((info.mode & 0o001) === 0) return current;
  }
  return null;
}

export class EmbeddedAccessError extends StartupError {
  override name = "EmbeddedAccessError";
}

/**
 * Throws EmbeddedAccessError naming the closed folder and the ways out when the unprivileged user
 * cannot reach one of `paths` (the binaries' folder and the data folder).
 */
export async function assertReachableByPostgresUser(paths: {
  binaries: string;
  dataDir: string;
}): Promise<void> {
  for (const [what, target, checked] of [
    ["its programs", paths.binaries, paths.binaries],
    // DATA_DIR itself is opened up (mode 711) by the embedded server's start; its parents are not.
    ["DATA_DIR", paths.dataDir, path.dirname(path.resolve(paths.dataDir))],
  ] as const) {
    const closed = await findClosedFolder(checked);
    if (!closed) continue;
    throw new EmbeddedAccessError(
      [
        `The embedded PostgreSQL cannot start here as root. PostgreSQL refuses to run as root, so it`,
        `runs as the unprivileged user "postgres", who cannot enter ${closed} to reach ${what}`,
        `(${target}). Any one of these works:`,
        `  - run the Control Center as a normal user instead of root;`,
        `  - keep the checkout and DATA_DIR outside ${closed}, e.g. in /srv/elf-control-center;`,
        `  - set DATABASE_URL to a PostgreSQL server of your own.`,
      ].join("\n"),
    );
  }
}

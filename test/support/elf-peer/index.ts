// The Python ELF peer (peer.py: FastAPI, pydantic 1.x, PyJWT — built like ELF's own team servers)
// as its own /usr/bin/python3 process on an ephemeral port, and tokens minted by PyJWT as ELF mints
// them (mint_token.py).
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

export const PYTHON = "/usr/bin/python3";
const HERE = import.meta.dirname;

export interface ElfPeer {
  url: string;
  port: number;
  logs: string[];
  /** What POST /chat/delegation/confirm received, in order. */
  confirmations(): Promise<
    { session_id: string; confirmed: boolean; modifications: Record<string, unknown> | null }[]
  >;
  /** Its chat sessions, in the order they opened: each message with its context, and whether end_session came. */
  sessions(): Promise<
    {
      session_id: string;
      ended: boolean;
      received: { message: string; context: Record<string, unknown> }[];
    }[]
  >;
  stop(): Promise<void>;
}

export async function startElfPeer(options: { team: string; secret: string }): Promise<ElfPeer> {
  const child = spawn(PYTHON, [path.join(HERE, "peer.py"), "--team", options.team], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH,
      JWT_SECRET_KEY: options.secret,
      PYTHONUNBUFFERED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the peer did not start:\n${logs.join("")}`)),
      20_000,
    );
    void exited.then(() => reject(new Error(`the peer exited:\n${logs.join("")}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === "team server listening" && entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // not the ready line
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    logs,
    async confirmations() {
      return (await (await fetch(`${url}/test/confirmations`)).json()) as Awaited<
        ReturnType<ElfPeer["confirmations"]>
      >;
    },
    async sessions() {
      return (await (await fetch(`${url}/test/sessions`)).json()) as Awaited<
        ReturnType<ElfPeer["sessions"]>
      >;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A token minted by PyJWT from `claims`; `iat`/`exp` are seconds from now. */
export async function mintWithPyJwt(
  claims: Record<string, unknown>,
  secret: string,
): Promise<string> {
  const { stdout } = await promisify(execFile)(
    PYTHON,
    [path.join(HERE, "mint_token.py"), JSON.stringify(claims)],
    { env: { NODE_ENV: "test", PATH: process.env.PATH, JWT_SECRET_KEY: secret } },
  );
  return stdout.trim();
}

// A load generator for the idle-session phase, forked by relay.ts with an IPC channel: it opens
// its share of chat sockets, a fixed number opening at any moment and each with its own deadline,
// holds them, and closes them when told. One process holds at most ~9,500 sockets (20,000 open
// files per process here).
import { io, type Socket } from "socket.io-client";

export type IdleCommand =
  | {
      type: "open";
      url: string;
      path: string;
      tokens: string[];
      /** How many sockets are opening at any moment. */
      inFlight: number;
      socketMs: number;
    }
  /** Stop opening (the phase missed its deadline): report what is open. */
  | { type: "stop" }
  | { type: "close" };

export type IdleReport =
  | { type: "ready" }
  | { type: "opened"; opened: number; failed: number; reasons: Record<string, number> }
  | { type: "closed" };

const sockets: Socket[] = [];
let isStopped = false;
const send = (report: IdleReport) => process.send?.(report);

/** Resolves with the socket once its session is ready, or with why it is not (the socket closed). */
function openOne(url: string, path: string, token: string, ms: number): Promise<Socket | string> {
  const socket = io(url, {
    path,
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  // What the server said before it went quiet, so a failure names its cause.
  let told = "";
  socket.once("chat:error", (error: { code?: string }) => (told = `, told ${error.code}`));
  socket.once("disconnect", (reason: string) => (told += `, disconnected (${reason})`));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const state = socket.connected ? "connected" : "never connected";
      socket.disconnect();
      resolve(`no session:ready within ${ms / 1000} s (${state}${told})`);
    }, ms);
    socket.once("session:ready", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error: Error) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(`connect_error: ${error.message}`);
    });
  });
}

async function open(command: Extract<IdleCommand, { type: "open" }>): Promise<void> {
  let failed = 0;
  const reasons: Record<string, number> = {};
  isStopped = false;
  // `batch` sockets opening at any moment, each next one started as soon as one is done: a
  // reconnect storm has no rounds, and one slow socket must not hold up the rest.
  let next = 0;
  const opener = async () => {
    while (next < command.tokens.length && !isStopped) {
      const token = command.tokens[next++]!;
      const result = await openOne(command.url, command.path, token, command.socketMs);
      if (typeof result !== "string") sockets.push(result);
      else {
        failed += 1;
        reasons[result] = (reasons[result] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: command.inFlight }, opener));
  send({ type: "opened", opened: sockets.length, failed, reasons });
}

process.on("message", (command: IdleCommand) => {
  if (command.type === "open") void open(command);
  else if (command.type === "stop") isStopped = true;
  else {
    for (const socket of sockets.splice(0)) socket.disconnect();
    send({ type: "closed" });
  }
});
// The benchmark is gone (ended, crashed or killed): never outlive it.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });

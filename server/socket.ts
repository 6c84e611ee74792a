// Socket.IO on the Control Center's own HTTP server, on its own path (Next's dev reload socket
// is /_next/hmr). The chat namespace is registered by the chat server.
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex, Writable } from "node:stream";
import { Server, type ServerOptions } from "socket.io";
import { WebSocketServer } from "ws";
import { SOCKET_PATH } from "@/lib/protocol";
import { SOCKET_FRAME_LIMIT } from "./chat/guard";

/** `adapter`: how the instances of a fleet reach each other's sockets (server/fleet). */
export function attachSocketServer(
  httpServer: HttpServer,
  adapter?: ServerOptions["adapter"],
): Server {
  return new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    wsEngine: CoalescingWebSocketServer,
    path: SOCKET_PATH,
    serveClient: false,
    // Leave upgrades on other paths (Next's HMR) to their own handlers.
    destroyUpgrade: false,
    // Well above the app's payload limit, so an oversized event gets an error ack (chat/guard.ts)
    // rather than a dropped socket.
    maxHttpBufferSize: SOCKET_FRAME_LIMIT,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
}

/**
 * Holds a stream's writes for the rest of the tick in which the first of them was made, then sends
 * them in one system call (cork, then uncork on the next tick). Socket.IO writes every packet as a
 * WebSocket frame of its own, and a chat message's acknowledgement and status, or a reply and the
 * status after it, are sent in one tick: one write instead of two. On these machines a loopback
 * write costs about 0.1 ms of CPU; the profile of bench:relay showed socket writes (writev) at 11%
 * of the Control Center's.
 */
export function coalesceWrites(stream: Writable): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork();
  };
  stream.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Writable["write"];
}

/** ws's server (Socket.IO's engine), with each connection's writes coalesced per tick. */
class CoalescingWebSocketServer extends WebSocketServer {
  override handleUpgrade(...args: Parameters<WebSocketServer["handleUpgrade"]>): void {
    coalesceWrites(args[1]);
    super.handleUpgrade(...args);
  }
}

/**
 * While `isDraining()`, new Socket.IO connections (a handshake: no `sid` yet) get 503, so the load
 * balancer or the client's retry lands them on another instance; the connections already open
 * keep working until the drain closes them. Call after attachSocketServer (engine.io's listeners
 * are the ones wrapped).
 */
export function refuseNewSocketsWhile(httpServer: HttpServer, isDraining: () => boolean): void {
  const isHandshake = (url: string | undefined) =>
    isDraining() && !!url?.startsWith(SOCKET_PATH) && !/[?&]sid=/.test(url);
  const requests = httpServer.listeners("request") as ((...args: unknown[]) => void)[];
  httpServer.removeAllListeners("request");
  httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!isHandshake(req.url)) return requests.forEach((l) => l.call(httpServer, req, res));
    res.writeHead(503, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ error: { code: "server_draining", message: "Server restarting." } }));
  });
  const upgrades = httpServer.listeners("upgrade") as ((...args: unknown[]) => void)[];
  httpServer.removeAllListeners("upgrade");
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isHandshake(req.url))
      return upgrades.forEach((l) => l.call(httpServer, req, socket, head));
    socket.end(
      "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
  });
}

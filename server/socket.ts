// Socket.IO on the Control Center's own HTTP server, on its own path (Next's dev reload socket
// is /_next/hmr). The chat namespace is registered by the chat server.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { SOCKET_PATH } from "@/lib/protocol";
import { SOCKET_FRAME_LIMIT } from "./chat/guard";

export function attachSocketServer(httpServer: HttpServer): Server {
  return new Server(httpServer, {
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

// Socket.IO on the Control Center's own HTTP server, on its own path (Next's dev reload socket
// is /_next/hmr). The chat namespace is registered by the chat server.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { SOCKET_PATH } from "@/lib/protocol";

export function attachSocketServer(httpServer: HttpServer): Server {
  return new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Leave upgrades on other paths (Next's HMR) to their own handlers.
    destroyUpgrade: false,
    // Large enough that an oversized chat message gets an error ack rather than a dropped socket.
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
}

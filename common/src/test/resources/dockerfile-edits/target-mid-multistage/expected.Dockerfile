FROM node:20 AS base
WORKDIR /app

FROM base AS dev
RUN npm install

ENTRYPOINT ["npm","run","dev"]


FROM base AS prod
RUN npm ci
CMD ["node", "server.js"]

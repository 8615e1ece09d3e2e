FROM node:20
COPY . /app
ENTRYPOINT ["npm", "start"]


ENTRYPOINT ["node","server.js"]

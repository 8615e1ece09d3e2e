FROM node:20 as build
RUN make

from build as prod
COPY --from=build /out /out


CMD ["node","server.js"]

FROM busybox AS dev
FROM busybox AS prod
CMD ["true"]


ENTRYPOINT ["sleep"]

FROM busybox
ENTRYPOINT ["/init"]


ENTRYPOINT []


CMD ["sleep","infinity"]

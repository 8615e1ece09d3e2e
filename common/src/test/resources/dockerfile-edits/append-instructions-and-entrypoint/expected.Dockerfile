FROM busybox

USER root
RUN echo hi > /hi

ENTRYPOINT ["sh","-c","echo "hello""]


CMD ["x"]

# Buildline images, two targets from one file:
#   coordinator  the launcher jar on a JRE (webhooks, API, dashboard):  docker build --target coordinator .
#   worker       the same, plus the docker CLI and the buildx plugin (no daemon: builds run on the daemon or BuildKit
#                the worker is pointed at); it also runs `dev`, `kafka`, `plan` and `validate`:  docker build --target worker .
# Build the jar first: mvn -B package -DskipTests. Both run as uid/gid 10001 ("buildline"), never root.
#
# BASE_IMAGE is any glibc image with a Java 17+ JRE on PATH and useradd (Debian/Ubuntu); DOCKER_CLI_IMAGE any image
# with docker:cli's layout. scripts/build-image.sh builds both from Debian packages where nothing can be pulled.
ARG BASE_IMAGE=eclipse-temurin:17-jre
ARG DOCKER_CLI_IMAGE=docker:28-cli

FROM ${DOCKER_CLI_IMAGE} AS docker-cli

FROM ${BASE_IMAGE} AS runtime
ARG UID=10001
RUN groupadd --gid "$UID" buildline \
 && useradd --uid "$UID" --gid "$UID" --home-dir /home/buildline --create-home --shell /usr/sbin/nologin buildline \
 && mkdir -p /var/lib/buildline /opt/buildline \
 && chown "$UID:$UID" /var/lib/buildline
COPY scripts/container-health.sh /opt/buildline/health
COPY app/target/buildline.jar /opt/buildline/buildline.jar
ENV BUILDLINE_DATA=/var/lib/buildline \
    HOME=/home/buildline \
    MALLOC_ARENA_MAX=2
WORKDIR /home/buildline
VOLUME /var/lib/buildline
USER 10001:10001
# Sized for a container: the heap may grow to three quarters of the container's memory limit (cgroups), an
# out-of-memory error ends the process so the orchestrator restarts it. The initial heap is left at the JVM's default
# (1/64 of the limit): with InitialRAMPercentage=25 the first young generation was a quarter of the limit and filled
# before its first collection, which put an idle worker at 217 MB RSS instead of 153 (scripts/bench.sh rss-images,
# docs/benchmarks.md). MALLOC_ARENA_MAX=2 keeps glibc from giving each of the many threads an arena of its own.
# Add flags with JDK_JAVA_OPTIONS (they come before these, so these win where both set the same flag).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:+UseContainerSupport", "-jar", "/opt/buildline/buildline.jar"]

FROM runtime AS coordinator
EXPOSE 8080
# /health/ready on BUILDLINE_HTTP_PORT (default 8080): Kafka answers and the build-state view has read the topics.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/buildline/health", "coordinator"]
CMD ["coordinator"]

FROM runtime AS worker
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=docker-cli /usr/local/libexec/docker/cli-plugins/docker-buildx /usr/local/libexec/docker/cli-plugins/docker-buildx
# The worker's /metrics and /health/* port; `dev` opens it as well when it is set, so this HEALTHCHECK serves both.
ENV BUILDLINE_WORKER_HTTP_PORT=8081
EXPOSE 8081
# /health/ready on BUILDLINE_WORKER_HTTP_PORT (default 8081): Kafka answers and `docker buildx` reaches a daemon.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/buildline/health", "worker"]
CMD ["worker"]

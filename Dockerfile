# Buildline image for docker-compose and Kubernetes: the launcher jar on a JRE, plus the docker CLI and buildx
# plugin the worker runs. Build it after `mvn -B package -DskipTests`.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends docker.io docker-buildx git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY app/target/buildline.jar /opt/buildline/buildline.jar
ENV BUILDLINE_DATA=/var/lib/buildline
VOLUME /var/lib/buildline
ENTRYPOINT ["java", "-jar", "/opt/buildline/buildline.jar"]
CMD ["dev"]

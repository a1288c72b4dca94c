# The Switchboard node image. It packages what Maven builds; it does not build itself:
#
#   mvn -B -DskipTests package
#   docker build -t registry.example.com/switchboard:0.1.0 .
#   docker push registry.example.com/switchboard:0.1.0
#
# Without registry access, on a Debian-built base (deploy-tests/docker/build-images.sh makes
# local/jre:17 from debootstrap and Debian's openjdk-17-jre-headless, then runs this):
#
#   docker build --build-arg BASE_IMAGE=local/jre:17 -t local/switchboard:dev .
#
# Any Java 17 runtime image with java on the PATH and groupadd/useradd works as BASE_IMAGE. The
# file needs no BuildKit features, so the classic builder (DOCKER_BUILDKIT=0) builds it too.
#
# Layout: /opt/switchboard/lib (the node jar and its runtime classpath, node/target/lib),
# /opt/switchboard/bin/switchboard (admin commands: adduser, deluser, passwd, bulk-adduser),
# /var/lib/switchboard (SWITCHBOARD_DATA_DIR; the chart mounts an emptyDir there and at /tmp, so
# the root filesystem can be read-only). No embedded Cassandra: set SWITCHBOARD_CASSANDRA_CONTACT_POINTS.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

ARG SWITCHBOARD_UID=10001

RUN groupadd --system --gid ${SWITCHBOARD_UID} switchboard \
 && useradd --system --uid ${SWITCHBOARD_UID} --gid switchboard --no-create-home \
      --home-dir /var/lib/switchboard --shell /usr/sbin/nologin switchboard \
 && mkdir -p /opt/switchboard/bin /var/lib/switchboard \
 && chown switchboard:switchboard /var/lib/switchboard

COPY node/target/lib/ /opt/switchboard/lib/
COPY node/target/switchboard-node-*.jar /opt/switchboard/lib/

# Admin commands against the Cassandra the node uses (same environment): kubectl exec deploy/... --
#   /opt/switchboard/bin/switchboard adduser alice@example.org 'password'
COPY node/src/main/docker/switchboard /opt/switchboard/bin/switchboard
RUN chmod 0755 /opt/switchboard/bin/switchboard

ENV SWITCHBOARD_DATA_DIR=/var/lib/switchboard \
    SWITCHBOARD_BIND=0.0.0.0
WORKDIR /opt/switchboard
USER ${SWITCHBOARD_UID}:${SWITCHBOARD_UID}

# c2s, c2s direct TLS, s2s, components, HTTP, Pekko Management (/ready, /alive), Pekko remoting.
EXPOSE 5222 5223 5269 5275 5280 7626 7355

# Exec form, java as PID 1: SIGTERM reaches the JVM, whose Coordinated Shutdown drains the node.
# JVM options: JAVA_TOOL_OPTIONS (read by the JVM itself; the chart sets it).
ENTRYPOINT ["java", "-cp", "/opt/switchboard/lib/*", "io.switchboard.node.Main"]

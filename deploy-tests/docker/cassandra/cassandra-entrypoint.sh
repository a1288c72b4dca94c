#!/bin/sh
# Writes cassandra.yaml from the environment (see the Dockerfile) into the data directory and
# runs Cassandra in the foreground as PID 1 (exec), so SIGTERM stops it cleanly.
set -eu
data=/var/lib/cassandra
listen=${CASSANDRA_LISTEN_ADDRESS:-$(hostname -i | cut -d' ' -f1)}
rpc=${CASSANDRA_RPC_ADDRESS:-$listen}
native_port=${CASSANDRA_NATIVE_TRANSPORT_PORT:-9042}
storage_port=${CASSANDRA_STORAGE_PORT:-7000}
seeds=${CASSANDRA_SEEDS:-$listen:$storage_port}

cat > "$data/cassandra.yaml" <<YAML
# Written by cassandra-entrypoint.sh at every start.
cluster_name: ${CASSANDRA_CLUSTER_NAME:-switchboard}
num_tokens: 16
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
listen_address: $listen
rpc_address: $rpc
storage_port: $storage_port
native_transport_port: $native_port
start_native_transport: true
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$seeds"
commitlog_sync: periodic
commitlog_sync_period: 10000ms
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
auto_snapshot: false
YAML

# The module flags Cassandra 5 needs on Java 17 (as in its conf/jvm17-server.options).
# shellcheck disable=SC2086
exec java -Xms256m -Xmx"${MAX_HEAP_SIZE:-1G}" -Xss256k -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
  -Djava.net.preferIPv4Stack=true -Djdk.attach.allowAttachSelf=true \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
  --add-exports java.sql/java.sql=ALL-UNNAMED \
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED \
  --add-opens java.base/java.lang.module=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens java.base/java.io=ALL-UNNAMED \
  --add-opens java.base/java.nio=ALL-UNNAMED \
  --add-opens java.base/java.util=ALL-UNNAMED \
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens java.base/java.math=ALL-UNNAMED \
  --add-opens java.base/java.net=ALL-UNNAMED \
  -Dcassandra-foreground=yes \
  -Dcassandra.storagedir="$data" \
  -Dcassandra.config="file://$data/cassandra.yaml" \
  -Dlogback.configurationFile=/opt/cassandra/conf/logback.xml \
  -Dcassandra.skip_wait_for_gossip_to_settle=0 \
  -Dcassandra.shutdown_announce_in_ms=0 \
  ${JVM_EXTRA_OPTS:-} \
  -cp '/opt/cassandra/lib/*' org.apache.cassandra.service.CassandraDaemon

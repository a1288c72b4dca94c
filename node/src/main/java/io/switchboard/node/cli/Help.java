package io.switchboard.node.cli;

/** The text of {@code ./switchboard --help}; the README's configuration table says the same. */
final class Help {
  private Help() {}

  static final String TEXT =
      """
      usage: ./switchboard COMMAND [ARGS]

      Commands:
        start                     build the distribution if missing or stale, then run one node
                                  in the foreground (Ctrl-C or SIGTERM stops it cleanly)
        cluster N                 run N local nodes as one cluster (ports +10 per node); Ctrl-C stops all
        status [--json] [PORT]    cluster members, shards, entities and sessions (management port)
        adduser JID [--password-stdin]
                                  create an account (the node's Cassandra must be running); the
                                  password is asked without echo, or read from the first line of
                                  standard input with --password-stdin. `adduser JID PASSWORD`
                                  still works but is discouraged: other local users see it (ps)
        deluser JID               delete an account
        passwd JID [--password-stdin]
                                  change an account's password (asked or read as for adduser)
        bulk-adduser COUNT [PREFIX] [PASSWORD_PREFIX]
                                  create PREFIX1..PREFIXCOUNT with passwords PASSWORD_PREFIX1..
                                  (defaults user / pass; existing accounts are skipped), for
                                  load tests
        feed list [--json] [PORT] every attached RSS/Atom feed: nodes, last fetch, last error,
                                  entries seen (management port)
        feed attach NODE URL [SECONDS]
                                  node NODE at pubsub.<domain> publishes the feed's entries
                                  (HTTP API; needs SWITCHBOARD_API_TOKEN with scope pubsub:feeds)
        feed detach NODE          the node stops publishing its feed
        room list [--json] [--here] [PORT]
                                  every group chat room, cluster-wide, from the room directory
                                  (--here: the rooms running on that node; management port)
        room destroy ROOM [REASON] [--alternate JID] [--port PORT]
                                  destroy a room as its owner would: occupants leave with the
                                  reason and the alternate venue (management port)
        sessions [--json] [--port PORT]
                                  every online resource of the cluster (management port)
        kick JID [--port PORT]    end the sessions of JID (bare: all of the account's, full:
                                  that resource's) with policy-violation (management port)
        announce [--subject S] TEXT [--port PORT]
                                  a headline message to every online resource (management port)
        token create NAME --scope SCOPE[,SCOPE...]
                                  create an HTTP API token with exactly the scopes named (at
                                  least one of pubsub:publish, pubsub:read, pubsub:manage,
                                  pubsub:feeds, messages:send, admin); the secret is printed once and only its hash is
                                  stored. pubsub:publish reaches nodes with an open access model,
                                  others only where the node's owner made the server's domain
                                  JID a publisher
        token list                API tokens: name, scopes, created
        token revoke NAME         revoke an API token
        invite JID [--valid DURATION]
                                  an invitation to register exactly this account in-band
                                  (prints xmpp:JID?register;preauth=TOKEN, XEP-0401/0445; no
                                  node needed; default validity 7d); accepted while
                                  SWITCHBOARD_REGISTRATION is invite or open
        secrets DIR               write a new set of cluster secrets to DIR (0700, files 0600):
                                  ca.crt, tls.crt, tls.key (cluster mTLS), management-token,
                                  sasl-decoy-secret; for `kubectl create secret generic NAME
                                  --from-file=DIR` or to mount in containers
        --help                    this text

      Exit codes: 0 done, 1 the account (token) exists / does not exist, 2 bad usage or configuration,
      3 Cassandra (the node) not reachable.

      Environment variables (default in brackets):
        SWITCHBOARD_DOMAIN                    XMPP domain served [localhost]
        SWITCHBOARD_BIND                      address the listeners bind [0.0.0.0]
        SWITCHBOARD_C2S_PORT                  client connections, STARTTLS [5222]
        SWITCHBOARD_C2S_TLS_PORT              client connections, direct TLS [5223]
        SWITCHBOARD_S2S_PORT                  server-to-server [5269]
        SWITCHBOARD_COMPONENT_PORT            external components [5275]
        SWITCHBOARD_HTTP_PORT                 HTTP: WebSocket, BOSH, API [5280]
        SWITCHBOARD_MANAGEMENT_PORT           /ready, /alive, cluster management [7626]
        SWITCHBOARD_MANAGEMENT_BIND           address the management port binds [127.0.0.1]
        SWITCHBOARD_MANAGEMENT_TOKEN          bearer token of /switchboard/status and /cluster/*;
                                              empty = generated in the secrets dir []
        SWITCHBOARD_CLUSTER_HOST              this node's cluster (remoting) address [127.0.0.1]
        SWITCHBOARD_CLUSTER_PORT              this node's cluster port [7355]
        SWITCHBOARD_CLUSTER_TLS               mutual TLS on the cluster port [true]
        SWITCHBOARD_CLUSTER_TLS_CERT/_KEY/_CA PEM node certificate (RSA), its key, the CA;
                                              empty = generated in the secrets dir []
        SWITCHBOARD_SEED_NODES                comma-separated host:port of other nodes' cluster
                                              ports; empty = this node joins itself []
        SWITCHBOARD_DATA_DIR                  data directory (embedded Cassandra, TLS key) [./data]
        SWITCHBOARD_SECRETS_DIR               secrets generated in dev mode; share it between the
                                              nodes of one cluster [<data>/secrets]
        SWITCHBOARD_SASL_DECOY_SECRET         SCRAM salts of unknown users derive from it; the same
                                              on every node, >= 16 chars; empty = generated []
        SWITCHBOARD_CASSANDRA_CONTACT_POINTS  comma-separated host:port of an external Cassandra;
                                              empty = launch the embedded one []
        SWITCHBOARD_CASSANDRA_PORT            CQL port of the embedded Cassandra [9042]
        SWITCHBOARD_CASSANDRA_STORAGE_PORT    internode port of the embedded Cassandra [7000]
        SWITCHBOARD_CASSANDRA_DATACENTER      local datacenter of the external cluster [datacenter1]
        SWITCHBOARD_CASSANDRA_USERNAME        external Cassandra user []
        SWITCHBOARD_CASSANDRA_PASSWORD        external Cassandra password []
        SWITCHBOARD_CASSANDRA_KEYSPACE        keyspace [switchboard]
        SWITCHBOARD_CASSANDRA_REPLICATION_STRATEGY   SimpleStrategy or NetworkTopologyStrategy [SimpleStrategy]
        SWITCHBOARD_CASSANDRA_REPLICATION_FACTOR     replication factor for SimpleStrategy [1]
        SWITCHBOARD_CASSANDRA_REPLICATION_DATACENTERS  "dc1:3,dc2:3" for NetworkTopologyStrategy []
        SWITCHBOARD_REGISTRATION              in-band account creation: closed, invite (only with
                                              an invitation), open (anyone) [closed]
        SWITCHBOARD_REGISTRATION_MAX_PER_ADDRESS  open registration: accounts per address (/64)
                                              per SWITCHBOARD_REGISTRATION_WINDOW [5 per 1h]
        SWITCHBOARD_TLS_CERT                  PEM certificate chain; empty = self-signed in <data>/tls []
        SWITCHBOARD_TLS_KEY                   PKCS#8 PEM private key for SWITCHBOARD_TLS_CERT []
        SWITCHBOARD_TLS_REQUIRED              STARTTLS required before authentication [true]
        SWITCHBOARD_TLS_PROTOCOLS             TLS versions offered: TLSv1.3,TLSv1.2 [both]
        SWITCHBOARD_TLS_CIPHER_SUITES         comma-separated IANA suite names [ECDHE+AEAD, TLS 1.3]
        SWITCHBOARD_TLS_OPENSSL_HANDSHAKE_BUFFER  openssl engine's per-connection write buffer, bytes [256]
        SWITCHBOARD_MAX_STANZA_BYTES          largest stanza accepted [262144]
        SWITCHBOARD_MAX_CONNECTIONS           open client connections on this node [50000]
        SWITCHBOARD_MAX_CONNECTIONS_PER_IP    open client connections per address (IPv6: /64) [1000]
        SWITCHBOARD_STANZA_TIMEOUT            a stanza must be complete this long after its first
                                              byte, else <policy-violation/> [60s]
        SWITCHBOARD_CHANNEL_BINDING           offer SCRAM-*-PLUS (channel binding) over TLS [true]
        SWITCHBOARD_PROXY65_PORT              XEP-0065 SOCKS5 proxy port [7777]
        SWITCHBOARD_PROXY65_HOST              address the proxy announces; empty = bind address []
        SWITCHBOARD_PROXY65_MAX_CONNECTIONS_PER_IP     proxy connections per address (/64) [20]
        SWITCHBOARD_PROXY65_MAX_BYTES_PER_SECOND_PER_IP  proxy bytes/s per address; 0 = unlimited [10485760]
        SWITCHBOARD_OFFLINE_MAX_PER_USER      offline messages kept per user [1000]
        SWITCHBOARD_COMPONENTS                external components (XEP-0114): "domain=secret,..." []
        SWITCHBOARD_COMPONENT_BIND            address the component listener binds [127.0.0.1]
        SWITCHBOARD_COMPONENT_TLS             direct TLS on the component port [false]
        SWITCHBOARD_COMPONENT_MAX_STANZA_BYTES  largest stanza a component may send [262144]
        SWITCHBOARD_API_ENABLED               HTTP push API under /api/v1 on the HTTP port [true]
        SWITCHBOARD_API_MAX_BODY_BYTES        largest API request body (413 above) [65536]
        SWITCHBOARD_API_RATE_PER_SECOND       API requests per second per token (429 above) [20]
        SWITCHBOARD_API_BURST                 API requests a token may burst above its rate [40]
        SWITCHBOARD_HTTP_TLS                  HTTPS on the HTTP port (node certificate) [false]
        SWITCHBOARD_API_MAX_AUTH_FAILURES_PER_IP  invalid API tokens per address per minute, then 429 [20]
        SWITCHBOARD_API_SENDER                JID API messages come from; empty = the domain []
        SWITCHBOARD_FEEDS_DEFAULT_INTERVAL    poll interval of a feed attached without one [15m]
        SWITCHBOARD_FEEDS_MIN_INTERVAL        shortest poll interval a feed may ask for [1m]
        SWITCHBOARD_FEEDS_MAX_BODY_BYTES      largest feed body fetched [5 MiB]
        SWITCHBOARD_FEEDS_TIMEOUT             a whole feed fetch (redirects, body) [30s]
        SWITCHBOARD_FEEDS_ALLOW_PRIVATE_ADDRESSES  fetch feeds on loopback/private networks [false]
        SWITCHBOARD_FEEDS_CALLBACK_BASE_URL   public URL of the HTTP port for WebSub callbacks;
                                              empty = WebSub off, feeds are polled []
        SWITCHBOARD_DRAIN_WINDOW              spread <system-shutdown/> to clients over this [10s]
        SWITCHBOARD_LOG_LEVEL                 root log level [INFO]
        SWITCHBOARD_LOG_FORMAT                text, or json: one JSON object per line [text]
        SWITCHBOARD_NODE_NAME                 the node's name in JSON log lines [host name]
        JAVA_OPTS                             extra JVM options for the node []
        SWITCHBOARD_NO_BUILD                  set: never (re)build, run what node/target holds []
      """;
}

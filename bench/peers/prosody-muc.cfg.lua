-- Prosody 0.12 with a MUC component, for the muc benchmark on loopback only (never for production).
-- bench/peers/muc-peers.sh fills in @DIR@ and starts it on 127.0.0.1:16322 (vhost example.test,
-- MUC at conference.example.test). No TLS, PLAIN allowed, no rate limits: raw capacity.
pidfile = "@DIR@/prosody.pid"
data_path = "@DIR@/data"
log = { warn = "@DIR@/prosody.log" }
network_backend = "epoll"
admins = { }
modules_enabled = { "disco"; "roster"; "saslauth"; "ping"; "admin_shell" }
modules_disabled = { "s2s" }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
c2s_ports = { 16322 }
c2s_interfaces = { "127.0.0.1" }
interfaces = { "127.0.0.1" }
s2s_ports = { }
http_ports = { }
https_ports = { }
c2s_timeout = 600

VirtualHost "example.test"

Component "conference.example.test" "muc"
  restrict_room_creation = "local"
  muc_room_default_history_length = 0
  muc_room_cache_size = 1000

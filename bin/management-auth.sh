# Sourced by bin/status and bin/feed: the curl config line that carries the management token
# (issue #23 F5) to the management port's admin routes. The token is $SWITCHBOARD_MANAGEMENT_TOKEN,
# else the file the node generated in its secrets directory ($SWITCHBOARD_SECRETS_DIR, else
# $SWITCHBOARD_DATA_DIR/secrets, else ./data/secrets, as ./switchboard start and ./switchboard
# cluster N use). Callers pipe the line into `curl --config -`, so the token is never on a
# command line.

# Prints the config line, or nothing when no token is found.
management_curl_config() {
  local root token secrets
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  token="${SWITCHBOARD_MANAGEMENT_TOKEN:-}"
  if [ -z "$token" ]; then
    secrets="${SWITCHBOARD_SECRETS_DIR:-${SWITCHBOARD_DATA_DIR:-$root/data}/secrets}"
    if [ -r "$secrets/management.token" ]; then
      token=$(tr -d '\n' < "$secrets/management.token")
    fi
  fi
  if [ -n "$token" ]; then
    printf 'header = "Authorization: Bearer %s"\n' "$token"
  fi
}

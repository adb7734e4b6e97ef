#!/usr/bin/env bash
# Makes sure a Redis server answers at REDIS_URL's host and port (default 127.0.0.1:6379):
# installs redis-server from Debian's packages when missing (as root), and starts it.
set -euo pipefail

url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#*://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=6379
[ -n "$host" ] || host=127.0.0.1

answers() {
  # PING over bash's /dev/tcp, so no redis-cli is needed to find out.
  local reply
  exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 2 reply <&3 || true
  exec 3>&- 3<&-
  [[ "$reply" == +PONG* ]]
}

if answers; then
  echo "Redis answers on $host:$port."
  exit 0
fi

if [ "$host" != 127.0.0.1 ] && [ "$host" != localhost ]; then
  echo "No Redis answers on $host:$port (from REDIS_URL). Start it there, or point REDIS_URL at a running Redis." >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "No Redis answers on $host:$port and redis-server is not installed." >&2
    echo "Install it (e.g. 'sudo apt-get install -y redis-server') or set REDIS_URL to a running Redis, then run this again." >&2
    exit 1
  fi
  echo "Installing redis-server from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

echo "Starting redis-server on $host:$port..."
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/redis-$port.log"
for _ in $(seq 1 50); do
  answers && { echo "Redis answers on $host:$port."; exit 0; }
  sleep 0.1
done
echo "redis-server was started but does not answer on $host:$port; see ${TMPDIR:-/tmp}/redis-$port.log" >&2
exit 1

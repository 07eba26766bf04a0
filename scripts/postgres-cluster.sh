#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central store's tests: initdb in a temporary folder,
# listening on 127.0.0.1 only, run by an unprivileged user (PostgreSQL refuses to run as root).
#   scripts/postgres-cluster.sh start   prints the URL of an empty database on it
#   scripts/postgres-cluster.sh stop    stops it and removes the folder
# The folder is kept in .build/postgres-cluster so that stop finds it.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.build/postgres-cluster
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  [[ -n "$bin" && -x "$bin/initdb" ]] || { echo "postgres-cluster: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
  "$0" stop >/dev/null 2>&1 || true
  mkdir -p .build
  dir=$(mktemp -d /tmp/onset-pg.XXXXXX)
  owner=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$dir"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U onset -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: the data is thrown away, and the tests are about correctness, not durability.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U onset onset_test
  printf '%s\n%s\n%s\n' "$dir" "$owner" "$port" > "$state"
  echo "postgres://onset@127.0.0.1:$port/onset_test?sslmode=disable"
  ;;
stop)
  [[ -f "$state" ]] || exit 0
  { read -r dir; read -r owner; read -r port; } < "$state"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
*)
  echo "usage: $0 start|stop" >&2; exit 2
  ;;
esac

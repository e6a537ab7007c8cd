#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests, installing Debian's
# postgresql if it is missing. Usage: source it, then call pg_start / pg_stop.
#   pg_start  sets LD_TEST_POSTGRES_URL to a superuser URL of the new cluster
#   pg_stop   stops the cluster and removes its files
pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
}

pg_install() {
  if [ -z "$(pg_bin)" ]; then
    echo "Installing Debian's postgresql…"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
  fi
}

pg_start() {
  pg_install
  local bin; bin=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/ld-pg.XXXXXX)
  local as=() try
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  for try in 1 2 3 4 5; do # a random free port; try another if it is taken
    PG_PORT=$(( 20000 + RANDOM % 20000 ))
    # Settings go in the cluster's own file, so a plain `pg_ctl start` (the fault test
    # restarts the server) comes back on the same address.
    cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
    if "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null; then
      break
    fi
    [ "$try" = 5 ] && { tail -20 "$PG_DIR/server.log"; return 1; }
  done
  export LD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
  export PG_DIR PG_BIN="$bin"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
  unset LD_TEST_POSTGRES_URL
}

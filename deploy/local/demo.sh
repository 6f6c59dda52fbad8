#!/usr/bin/env bash
# PeerVault local demo: a repository service and three peer agents on loopback, a real backup,
# one peer stopped, a restore from the survivors, every byte checked.
#
#   deploy/local/demo.sh                  (builds first when the jars are missing)
#   deploy/local/demo.sh --with-keycloak  also starts Keycloak and shows sign-in, a helpdesk
#                                         password reset and a user's restore (keycloak.sh)
#
# Starts PostgreSQL itself when none is reachable (the system cluster, else an embedded one).
# Stops everything it started on exit, Ctrl-C or failure. Work files go to .demo/ (removed on start).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WITH_KEYCLOAK=0
case "${1:-}" in
  --with-keycloak) WITH_KEYCLOAK=1 ;;
  "") ;;
  *) echo "usage: $0 [--with-keycloak]" >&2; exit 2 ;;
esac
cd "$ROOT"
WORK="$ROOT/.demo"
AGENT_JAR="$ROOT/peer-agent/target/peer-agent-0.1.0-SNAPSHOT-all.jar"
SERVICE_JAR="$ROOT/repository-service/target/quarkus-app/quarkus-run.jar"
JAVA=${JAVA:-java}
PIDS=()

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((${#PIDS[@]})); then
    say "stopping ${#PIDS[@]} processes"
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    done
  fi
  if [ "$status" -ne 0 ]; then
    echo "demo failed (exit $status); logs are in $WORK/logs" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
wait_for_port() { # name port pid
  for _ in $(seq 1 600); do
    if ! port_free "$2"; then return 0; fi
    kill -0 "$3" 2>/dev/null || fail "$1 exited during start-up; see $WORK/logs"
    sleep 0.1
  done
  fail "$1 did not open port $2 within 60 s; see $WORK/logs"
}
agent() { "$JAVA" -jar "$AGENT_JAR" "$@"; }

command -v "$JAVA" >/dev/null || fail "no java on PATH: install a JDK 17 or newer"
if [ ! -f "$AGENT_JAR" ] || [ ! -f "$SERVICE_JAR" ] || [ ! -f repository-service/target/test-classpath.txt ]; then
  say "building (first run only): ./mvnw -B -q install -DskipTests"
  ./mvnw -B -q install -DskipTests
fi

rm -rf "$WORK"
mkdir -p "$WORK/logs"
START=$(date +%s)

# --- database -----------------------------------------------------------------------------------
if [ -n "${PEERVAULT_DB_URL:-}" ]; then
  say "using the database at $PEERVAULT_DB_URL"
else
  say "provisioning PostgreSQL (local server, else the system cluster, else embedded)"
  "$JAVA" -cp "repository-service/target/test-classes:$(cat repository-service/target/test-classpath.txt)" \
    org.peervault.repository.testdb.LocalPostgres > "$WORK/db.env" 2> "$WORK/logs/db.log" &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    grep -q '^PEERVAULT_DB_URL=' "$WORK/db.env" 2>/dev/null && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || fail "could not provision PostgreSQL; see $WORK/logs/db.log"
    sleep 0.1
  done
  # shellcheck disable=SC2046
  export $(grep '^PEERVAULT_DB_URL=' "$WORK/db.env")
fi

# --- identity (only with --with-keycloak) ---------------------------------------------------------
if [ "$WITH_KEYCLOAK" = 1 ]; then
  # shellcheck source=deploy/local/keycloak.sh
  source "$ROOT/deploy/local/keycloak.sh"
  keycloak_start
fi

# --- repository service -------------------------------------------------------------------------
GRPC_PORT=$(free_port 19443)
HTTP_PORT=$(free_port 18081)
export PEERVAULT_KEYS_MASTER_KEY PEERVAULT_LOCAL_ADMIN_PASSWORD
PEERVAULT_KEYS_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
PEERVAULT_LOCAL_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
say "starting the repository service (gRPC :$GRPC_PORT with mutual TLS, admin API :$HTTP_PORT)"
(cd "$WORK" && exec "$JAVA" -Dquarkus.profile=demo -Dpeervault.grpc.port="$GRPC_PORT" \
  -Dquarkus.http.port="$HTTP_PORT" -jar "$SERVICE_JAR") > "$WORK/logs/repository.log" 2>&1 &
PIDS+=($!)
wait_for_port "repository service" "$GRPC_PORT" "${PIDS[-1]}"
wait_for_port "admin API" "$HTTP_PORT" "${PIDS[-1]}"
unset PEERVAULT_KEYS_MASTER_KEY

# An admin issues one single-use enrollment token per machine through the admin API (the demo
# profile's local admin; with Keycloak, an admin's bearer token does the same).
issue_token() {
  curl -fsS -u "admin:$PEERVAULT_LOCAL_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"singleUse":true,"deviceGroup":"demo"}' "http://127.0.0.1:$HTTP_PORT/api/enrollment-tokens" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# --- three peers, enrolled: key pair, CSR, certificate from the repository CA -------------------
declare -A SERVE_PID
for n in 1 2 3; do
  port=$(free_port $((17440 + n)))
  token=$(issue_token)
  [ -n "$token" ] || fail "the admin API issued no enrollment token; see $WORK/logs/repository.log"
  agent enroll --state-dir "$WORK/agent-$n" --server "127.0.0.1:$GRPC_PORT" --token "$token" \
    --name "laptop-$n" --listen "127.0.0.1:$port" --quota 1GiB --site "floor-$n"
  # java itself in the background (not a function or subshell), so $! is the process to stop
  "$JAVA" -jar "$AGENT_JAR" serve --state-dir "$WORK/agent-$n" --heartbeat 5 > "$WORK/logs/agent-$n.log" 2>&1 &
  SERVE_PID[$n]=$!
  PIDS+=($!)
  wait_for_port "agent $n" "$port" "${SERVE_PID[$n]}"
done

# --- a sample tree ------------------------------------------------------------------------------
say "generating a sample tree"
SRC="$WORK/sample/projects"
mkdir -p "$SRC/src/main" "$SRC/docs/notes" "$SRC/media" "$SRC/empty-dir" "$SRC/Résumé et café"
for i in $(seq 1 200); do
  printf 'line %d of module %d: the quick brown fox jumps over the lazy dog\n' $(seq 1 300) "$i" > "$SRC/src/main/module-$i.txt"
done
head -c 24M /dev/urandom > "$SRC/media/video.bin"
head -c 3M /dev/urandom > "$SRC/media/photo.raw"
cp "$SRC/media/photo.raw" "$SRC/docs/photo copy.raw"
: > "$SRC/docs/empty.txt"
echo "Grüße aus dem Büro — 東京 — naïve café" > "$SRC/Résumé et café/notes ✓.txt"
chmod 0750 "$SRC/docs/notes"; chmod 0600 "$SRC/docs/empty.txt"; chmod 0755 "$SRC/src/main/module-1.txt"
touch -d '2024-02-29 12:34:56' "$SRC/media/photo.raw"
(cd "$WORK/sample" && find projects -type f -print0 | sort -z | xargs -0 sha256sum) > "$WORK/manifest.sha256"
(cd "$WORK/sample" && find projects -mindepth 1 -printf '%P %y %m %T@\n' | sed 's/\.[0-9]*$//' | sort) > "$WORK/manifest.attrs"
FILES=$(find "$SRC" -type f | wc -l)
BYTES=$(du -sb "$SRC" | cut -f1)

# --- backup, twice ------------------------------------------------------------------------------
say "backing up $FILES files ($((BYTES / 1048576)) MiB) from laptop-1 to its peers"
agent backup --state-dir "$WORK/agent-1" "$SRC" | tee "$WORK/backup-1.txt"
say "backing up the unchanged tree again: only metadata should move"
agent backup --state-dir "$WORK/agent-1" "$SRC" | tee "$WORK/backup-2.txt"
agent snapshots --state-dir "$WORK/agent-1"

# --- disaster, then restore ---------------------------------------------------------------------
say "deleting the tree and stopping laptop-3 for good"
rm -rf "$WORK/sample"
kill "${SERVE_PID[3]}"; wait "${SERVE_PID[3]}" 2>/dev/null || true
say "restoring into a fresh directory from the surviving peer(s)"
agent restore --state-dir "$WORK/agent-1" --target "$WORK/restored" | tee "$WORK/restore.txt"

# --- verify -------------------------------------------------------------------------------------
say "verifying every byte, mode and mtime"
(cd "$WORK/restored" && sha256sum --quiet -c "$WORK/manifest.sha256") || fail "restored bytes differ"
(cd "$WORK/restored" && find projects -mindepth 1 -printf '%P %y %m %T@\n' | sed 's/\.[0-9]*$//' | sort) > "$WORK/restored.attrs"
diff "$WORK/manifest.attrs" "$WORK/restored.attrs" || fail "restored modes or mtimes differ"

if [ "$WITH_KEYCLOAK" = 1 ]; then
  keycloak_scenario
fi

ELAPSED=$(( $(date +%s) - START ))
say "demo passed in ${ELAPSED} s"
echo "  backup:      $(sed -n 's/^snapshot [0-9]*: //p' "$WORK/backup-1.txt")"
echo "  re-backup:   $(sed -n 's/^snapshot [0-9]*: //p' "$WORK/backup-2.txt")"
echo "  restore:     $(sed -n 's/^restored //p' "$WORK/restore.txt")"
echo "  verified:    $FILES files, $BYTES bytes, modes and mtimes identical; laptop-3 was down"

# PeerVault local runs: the machinery that demo.sh and bench.sh share. Sourced, not run.
#
#   local_init NAME WORKDIR   sets ROOT, WORK, JAVA, the jars, the PIDS list and an exit trap that
#                             stops every process in PIDS (also on Ctrl-C or failure)
#   build_if_missing          builds the jars when one is missing
#   start_database            provisions PostgreSQL (PEERVAULT_DB_URL, else local, system, embedded)
#   start_repository          the repository service on free ports: GRPC_PORT, HTTP_PORT, its pid in
#                             REPO_PID; PEERVAULT_LOCAL_ADMIN_PASSWORD for the admin API
#   admin_api METHOD PATH [JSON]  calls the admin API as the demo profile's local admin
#   json_string FIELD         the string FIELD of the JSON on stdin
#   issue_token GROUP         a single-use enrollment token from the admin API
#   enroll_agent N NAME PORT  enrolls $WORK/agent-N as NAME listening on 127.0.0.1:PORT
#   start_peers COUNT         enrolls and starts agents 1..COUNT (laptop-N), pids in SERVE_PID[N]
#   agent ARGS...             runs the peer agent CLI

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AGENT_JAR="$ROOT/peer-agent/target/peer-agent-0.1.0-SNAPSHOT-all.jar"
SERVICE_JAR="$ROOT/repository-service/target/quarkus-app/quarkus-run.jar"
JAVA=${JAVA:-java}
PIDS=()
declare -A SERVE_PID

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '%s: %s\n' "$LOCAL_NAME" "$*" >&2; exit 1; }

local_init() { # name workdir
  LOCAL_NAME=$1
  WORK=$2
  cd "$ROOT"
  command -v "$JAVA" >/dev/null || fail "no java on PATH: install a JDK 17 or newer"
  trap local_cleanup EXIT
  trap 'exit 130' INT TERM
}

local_cleanup() {
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
    echo "$LOCAL_NAME failed (exit $status); logs are in $WORK/logs" >&2
  fi
  exit "$status"
}

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

build_if_missing() {
  if [ ! -f "$AGENT_JAR" ] || [ ! -f "$SERVICE_JAR" ] || [ ! -f repository-service/target/test-classpath.txt ] \
      || [ ! -f peer-agent/target/test-classpath.txt ]; then
    say "building (first run only): ./mvnw -B -q install -DskipTests"
    ./mvnw -B -q install -DskipTests
  fi
}

start_database() {
  if [ -n "${PEERVAULT_DB_URL:-}" ]; then
    say "using the database at $PEERVAULT_DB_URL"
    return
  fi
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
}

start_repository() { # [extra JVM options...]
  GRPC_PORT=$(free_port 19443)
  HTTP_PORT=$(free_port 18081)
  export PEERVAULT_KEYS_MASTER_KEY PEERVAULT_LOCAL_ADMIN_PASSWORD
  PEERVAULT_KEYS_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
  PEERVAULT_LOCAL_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  say "starting the repository service (gRPC :$GRPC_PORT with mutual TLS, admin API :$HTTP_PORT)"
  (cd "$WORK" && exec "$JAVA" "$@" -Dquarkus.profile=demo -Dpeervault.grpc.port="$GRPC_PORT" \
    -Dquarkus.http.port="$HTTP_PORT" -jar "$SERVICE_JAR") > "$WORK/logs/repository.log" 2>&1 &
  REPO_PID=$!
  PIDS+=($!)
  wait_for_port "repository service" "$GRPC_PORT" "$REPO_PID"
  wait_for_port "admin API" "$HTTP_PORT" "$REPO_PID"
  unset PEERVAULT_KEYS_MASTER_KEY
}

# The admin API as the demo profile's local admin (with Keycloak, an admin's bearer token does the
# same).
admin_api() { # method path [json body]
  curl -fsS -u "admin:$PEERVAULT_LOCAL_ADMIN_PASSWORD" -X "$1" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "http://127.0.0.1:$HTTP_PORT$2"
}

json_string() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; } # field

# An admin issues one single-use enrollment token per machine through the admin API.
issue_token() { # device group
  admin_api POST /api/enrollment-tokens "{\"singleUse\":true,\"deviceGroup\":\"$1\"}" | json_string token
}

enroll_agent() { # n name port [group]
  local token
  token=$(issue_token "${4:-demo}")
  [ -n "$token" ] || fail "the admin API issued no enrollment token; see $WORK/logs/repository.log"
  agent enroll --state-dir "$WORK/agent-$1" --server "127.0.0.1:$GRPC_PORT" --token "$token" \
    --name "$2" --listen "127.0.0.1:$3" --quota "${QUOTA:-1GiB}" --site "floor-$1"
}

# Three peers, enrolled: key pair, CSR, certificate from the repository CA; then serving.
start_peers() { # count [extra JVM options...]
  local count=$1 port n
  shift
  for n in $(seq 1 "$count"); do
    port=$(free_port $((17440 + n)))
    enroll_agent "$n" "laptop-$n" "$port"
    # java itself in the background (not a function or subshell), so $! is the process to stop
    "$JAVA" "$@" -jar "$AGENT_JAR" serve --state-dir "$WORK/agent-$n" --heartbeat 5 > "$WORK/logs/agent-$n.log" 2>&1 &
    SERVE_PID[$n]=$!
    PIDS+=($!)
    wait_for_port "agent $n" "$port" "${SERVE_PID[$n]}"
  done
}

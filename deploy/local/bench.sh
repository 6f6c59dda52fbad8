#!/usr/bin/env bash
# PeerVault benchmark: the same seeded dataset backed up and restored by PeerVault (a repository
# service and three local peers), restic and BorgBackup, one tool after another on this machine;
# the machine's limits; the repository under concurrent agents; S3 PUT/GET against the PeerVault
# S3 gateway (`peer-agent s3` over the same peers) and against S3Proxy.
#
#   deploy/local/bench.sh              ~1 GiB dataset; writes docs/benchmarks.md (between its
#                                      results markers), docs/benchmarks.png and the raw results,
#                                      docs/benchmarks-results.txt
#   deploy/local/bench.sh --small      64 MiB dataset, a quick check; the report goes to .bench/
#   options: --bytes N (dataset size), --seed N, --agents N (repository load, default 4),
#            --skip-others (PeerVault only), --jfr (Flight Recorder files of every PeerVault
#            process in .bench/jfr/, to profile)
#
# Installs restic and borgbackup with apt-get when missing, and fetches S3Proxy (Maven Central)
# once. Work files and logs go to .bench/ (removed on start); results in .bench/results.txt.
# Run it on a quiet machine: all figures are wall times of processes that share its cores.
set -euo pipefail

BYTES=$((1024 * 1024 * 1024))
SEED=42
AGENTS=4
SMALL=0
OTHERS=1
JFR=0
COMMAND="deploy/local/bench.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=1; BYTES=$((64 * 1024 * 1024)) ;;
    --bytes) BYTES=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --agents) AGENTS=$2; shift ;;
    --skip-others) OTHERS=0 ;;
    --jfr) JFR=1 ;;
    *) echo "usage: $0 [--small] [--bytes N] [--seed N] [--agents N] [--skip-others] [--jfr]" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
local_init bench "$ROOT/.bench"
build_if_missing
[ -f peer-agent/target/test-classes/org/peervault/agent/bench/BenchReport.class ] \
  || ./mvnw -B -q test-compile -pl peer-agent -am
S3PROXY_JAR="$ROOT/peer-agent/target/s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar"
if [ ! -f "$S3PROXY_JAR" ]; then
  say "fetching S3Proxy 4.1.0 (once)"
  ./mvnw -B -q -N dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
    -DoutputDirectory="$(dirname "$S3PROXY_JAR")"
fi
if [ "$OTHERS" = 1 ] && { ! command -v restic >/dev/null || ! command -v borg >/dev/null; }; then
  say "installing restic and borgbackup (apt-get)"
  apt-get install -y -qq restic borgbackup >/dev/null || fail "could not install restic and borgbackup; run as root or install them, or pass --skip-others"
fi
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing: apt-get install time"

rm -rf "$WORK"
mkdir -p "$WORK/logs"
RESULTS="$WORK/results.txt"
DATA="$WORK/data"
CP="peer-agent/target/test-classes:peer-agent/target/classes:$(cat peer-agent/target/test-classpath.txt)"
CLK=$(getconf CLK_TCK)
SERVICES=()
bench_java() { "$JAVA" -cp "$CP" "org.peervault.agent.bench.$1" "${@:2}"; }
result() { echo "$*" >> "$RESULTS"; }

# CPU ticks (user+sys, plus reaped children) of the given processes.
cpu_ticks() {
  local total=0 pid f
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    read -r -a f <<< "$(sed 's/^.*) //' "/proc/$pid/stat")"
    total=$((total + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$total"
}
# Peak resident kB of the given processes since their peaks were last reset.
peak_rss_kb() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '/^VmHWM:/ {k = $2} END {print k + 0}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

service_name() { # pid
  local n
  [ "$1" != "${REPO_PID:-}" ] || { echo repository; return; }
  [ "$1" != "${SERVE_PID[1]}" ] || { echo agent; return; } # laptop-1's running agent, which backs up
  for n in "${!SERVE_PID[@]}"; do [ "$1" != "${SERVE_PID[$n]}" ] || { echo "peer$n"; return; }; done
  echo "pid$1"
}

# measure TOOL PHASE DATA_BYTES COPIES STORED_DIRS|- -- COMMAND...: runs COMMAND under /usr/bin/time
# and records wall time, CPU seconds of the command and, for PeerVault, of its services (the
# repository, the peers and PostgreSQL), the peak RSS of the command plus, for PeerVault, the
# services' (PostgreSQL's shared memory not counted), and the bytes in STORED_DIRS afterwards.
measure() {
  local tool=$1 phase=$2 data=$3 copies=$4 stored=$5 pid before after pg=""
  shift 6
  local services=()
  [ "$tool" != peervault ] || services=("${SERVICES[@]}")
  for pid in "${services[@]}"; do echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true; done
  [ "$tool" != peervault ] || pg=$(pgrep -x postgres || true)
  local -A was=()
  for pid in "${services[@]}"; do was[$pid]=$(cpu_ticks "$pid"); done
  was[pg]=$(cpu_ticks $pg)
  # shellcheck disable=SC2086
  before=$(cpu_ticks "${services[@]}" $pg)
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.out" "$@" > "$WORK/logs/$tool-$phase.log" 2>&1 \
    || fail "$tool $phase failed; see $WORK/logs/$tool-$phase.log"
  [ "$tool" != peervault ] || pg=$(pgrep -x postgres || true)
  # shellcheck disable=SC2086
  after=$(cpu_ticks "${services[@]}" $pg)
  local wall user sys rss services_rss stored_bytes=""
  read -r wall user sys rss < <(tail -1 "$WORK/time.out")
  services_rss=$(peak_rss_kb "${services[@]}")
  # shellcheck disable=SC2086
  [ "$stored" = - ] || stored_bytes=$(du -sb $stored | awk -v base="${STORED_BASE[$tool]:-0}" '{s += $1} END {print s - base}')
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" -v d=$((after - before)) -v c="$CLK" 'BEGIN {printf "%.2f", u + s + d / c}')
  # where the CPU went: the command, then each service (PeerVault only)
  local detail="command=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')"
  for pid in "${services[@]}"; do
    detail+=" $(service_name "$pid")=$(awk -v d=$(($(cpu_ticks "$pid") - was[$pid])) -v c="$CLK" 'BEGIN {printf "%.2f", d / c}')"
  done
  # shellcheck disable=SC2086
  [ -z "$pg" ] || detail+=" postgresql=$(awk -v d=$(($(cpu_ticks $pg) - was[pg])) -v c="$CLK" 'BEGIN {printf "%.2f", d / c}')"
  result "phase tool=$tool phase=$phase wall_s=$wall cpu_s=$cpu rss_kb=$((rss + services_rss)) data_bytes=$data" \
    "${stored_bytes:+stored_bytes=$stored_bytes copies=$copies} cpu_detail=\"$detail\""
  say "$tool $phase: ${wall} s wall, ${cpu} s CPU"
}

# --- the run, the machine, the dataset ------------------------------------------------------------
result "run date=$(date -u +%Y-%m-%dT%H:%MZ) command=\"$COMMAND\""
result "machine cpu=\"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)\" cores=$(nproc)" \
  "mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)" \
  "os=\"$(. /etc/os-release && echo "$PRETTY_NAME")\" kernel=$(uname -r)" \
  "java=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')" \
  "restic=$(restic version 2>/dev/null | awk '{print $2}' || echo -) borg=$(borg --version 2>/dev/null | awk '{print $2}' || echo -)"

say "generating the dataset: $BYTES bytes, seed $SEED"
read -r files_kv bytes_kv < <(bench_java Dataset generate "$DATA" "$BYTES" "$SEED")
DATA_BYTES=${bytes_kv#bytes=}

say "machine limits: copying the dataset, then SHA-256, AES-256-GCM and zstd on one core"
measure machine copy "$DATA_BYTES" 1 - -- cp -a "$DATA" "$WORK/copy"
rm -rf "$WORK/copy"
awk '/^phase tool=machine phase=copy/ {for (i = 1; i <= NF; i++) if ($i ~ /^wall_s=/) w = substr($i, 8)}
  END {printf "limit name=copy_dataset mib=%d wall_s=%s mb_s=%.0f\n", '"$DATA_BYTES"' / 1048576, w, '"$DATA_BYTES"' / 1e6 / w}' \
  "$RESULTS" >> "$RESULTS"
sed -i '/^phase tool=machine /d' "$RESULTS"
bench_java MachineLimits $((SMALL ? 128 : 512)) >> "$RESULTS"

# --- PeerVault: repository, three peers ------------------------------------------------------------
start_database
SERVICE_OPTS=()
[ "$JFR" = 0 ] || { mkdir -p "$WORK/jfr"; SERVICE_OPTS=("-XX:StartFlightRecording=filename=$WORK/jfr/,settings=profile"); }
start_repository "${SERVICE_OPTS[@]}"
QUOTA=16GiB start_peers 3 "${SERVICE_OPTS[@]}"
SERVICES=("$REPO_PID" "${SERVE_PID[1]}" "${SERVE_PID[2]}" "${SERVE_PID[3]}")
PV_STORES="$WORK/agent-1/store $WORK/agent-2/store $WORK/agent-3/store"
pv() { # phase: sets PV to the agent command line (with a JFR recording per phase under --jfr)
  PV=("$JAVA")
  [ "$JFR" = 0 ] || PV+=("-XX:StartFlightRecording=filename=$WORK/jfr/agent-$1.jfr,settings=profile")
  PV+=(-jar "$AGENT_JAR")
}
backup_all() { # phase
  pv "$1"
  measure peervault "$1" "$DATA_BYTES" 2 "$PV_STORES" -- "${PV[@]}" backup --state-dir "$WORK/agent-1" "$DATA"
  if [ "$OTHERS" = 1 ]; then
    measure restic "$1" "$DATA_BYTES" 1 "$WORK/restic-repo" -- restic backup --quiet "$DATA"
    measure borg "$1" "$DATA_BYTES" 1 "$WORK/borg-repo" -- borg create "$WORK/borg-repo::$1" "$DATA"
  fi
}
export RESTIC_REPOSITORY="$WORK/restic-repo" RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$WORK/restic-cache"
export BORG_PASSPHRASE=bench BORG_BASE_DIR="$WORK/borg-home"
if [ "$OTHERS" = 1 ]; then
  restic init --quiet > "$WORK/logs/restic-init.log" 2>&1
  borg init --encryption=repokey "$WORK/borg-repo" > "$WORK/logs/borg-init.log" 2>&1
fi

# The repository service, the peers and laptop-1's own agent (`peer-agent serve`, which carries out
# the `peer-agent backup` and `restore` commands run on its state directory) are daemons that run
# for weeks: before the timed phases, laptop-1 backs up and restores a separate dataset as large as
# the timed one (another seed, so nothing deduplicates), so that they are timed as they run once
# in service, their hot code compiled by the JIT (per-chunk code reaches the JIT's top tier only
# after thousands of chunks). The `peer-agent` command of every phase is a fresh JVM that hands its
# work to the agent.
WARM_BYTES=$BYTES
say "warming up the services: laptop-1 backs up and restores $((WARM_BYTES / 1048576)) MiB of other data"
bench_java Dataset generate "$WORK/warm-up" "$WARM_BYTES" "$((SEED + 1))" > /dev/null
agent backup --state-dir "$WORK/agent-1" "$WORK/warm-up" > "$WORK/logs/warm-up.log" 2>&1 \
  || fail "the warm-up backup failed; see $WORK/logs/warm-up.log"
agent restore --state-dir "$WORK/agent-1" --target "$WORK/warm-up-restored" >> "$WORK/logs/warm-up.log" 2>&1 \
  || fail "the warm-up restore failed; see $WORK/logs/warm-up.log"
rm -rf "$WORK/warm-up" "$WORK/warm-up-restored"
declare -A STORED_BASE=()
# shellcheck disable=SC2086
STORED_BASE[peervault]=$(du -sb $PV_STORES | awk '{s += $1} END {print s}')

say "full backups"
backup_all full
say "backups of the unchanged dataset"
backup_all unchanged
say "editing 5% of the files, then backups"
read -r edited_kv _ < <(bench_java Dataset edit "$DATA" 5 "$SEED")
result "dataset $files_kv $bytes_kv seed=$SEED $edited_kv"
DATA_BYTES=$(du -sb "$DATA" | cut -f1)
backup_all edited
(cd "$WORK" && find data -type f -print0 | sort -z | xargs -0 sha256sum) > "$WORK/manifest.sha256"

say "full restores (each checked byte for byte)"
verify() { # dir-holding-data
  (cd "$1" && sha256sum --quiet -c "$WORK/manifest.sha256") > "$WORK/logs/verify.log" 2>&1 \
    || fail "restored bytes in $1 differ; see $WORK/logs/verify.log"
  rm -rf "$1"
}
pv restore
# the dataset's root as of the last backup ("data"; laptop-1 also holds the warm-up's root), as
# restic restores its latest snapshot and borg extracts its last archive
measure peervault restore "$DATA_BYTES" 1 - -- "${PV[@]}" restore --state-dir "$WORK/agent-1" --target "$WORK/restore-pv" data
verify "$WORK/restore-pv"
if [ "$OTHERS" = 1 ]; then
  measure restic restore "$DATA_BYTES" 1 - -- restic restore latest --target "$WORK/restore-restic"
  verify "$WORK/restore-restic/${WORK#/}"
  mkdir -p "$WORK/restore-borg"
  measure borg restore "$DATA_BYTES" 1 - -- bash -c "cd '$WORK/restore-borg' && borg extract '$WORK/borg-repo::edited'"
  verify "$WORK/restore-borg/${WORK#/}"
fi

# --- the repository under concurrent agents ---------------------------------------------------------
say "repository: file-version commits and placement decisions, $AGENTS concurrent agents"
LOAD_DIRS=()
for n in $(seq 1 "$AGENTS"); do
  enroll_agent "load-$n" "load-$n" "$(free_port 17500)" > /dev/null
  LOAD_DIRS+=("$WORK/agent-load-$n")
done
bench_java RepositoryLoad $((SMALL ? 3 : 10)) "${LOAD_DIRS[@]}" >> "$RESULTS"

# --- S3: S3Proxy, then the PeerVault gateway, the same objects ---------------------------------------
s3_load() { # server endpoint access-key secret
  say "S3: PUT and GET of 1 MiB and 64 MiB objects against $1"
  bench_java S3Load "$1" "$2" "$3" "$4" bench "1:$((SMALL ? 16 : 64))" "64:$((SMALL ? 2 : 8))" >> "$RESULTS"
}
S3_PORT=$(free_port 18900)
cat > "$WORK/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3proxy-data
EOF
mkdir -p "$WORK/s3proxy-data"
"$JAVA" -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.properties" > "$WORK/logs/s3proxy.log" 2>&1 &
PIDS+=($!)
wait_for_port s3proxy "$S3_PORT" "${PIDS[-1]}"
s3_load s3proxy "http://127.0.0.1:$S3_PORT" bench bench-secret

# The gateway is a device of its own that an admin marks as an S3 gateway, so that it may act for
# any access key of the organization (here the local admin's); it stores the objects on the peers.
say "S3 gateway: enrolling a device, marking it as gateway, issuing an access key (admin API)"
enroll_agent s3 s3-gateway "$(free_port 17600)" > /dev/null
GATEWAY_ID=$(sed -n 's/^device\.id=//p' "$WORK/agent-s3/agent.properties")
admin_api PUT "/api/devices/$GATEWAY_ID/s3-gateway" '{"enabled":true}' > /dev/null
S3_KEY=$(admin_api POST /api/s3-keys '{"description":"bench"}')
GATEWAY_PORT=$(free_port 18910)
"$JAVA" "${SERVICE_OPTS[@]}" -jar "$AGENT_JAR" s3 --state-dir "$WORK/agent-s3" \
  --listen "127.0.0.1:$GATEWAY_PORT" > "$WORK/logs/s3-gateway.log" 2>&1 &
PIDS+=($!)
wait_for_port "S3 gateway" "$GATEWAY_PORT" "${PIDS[-1]}"
s3_load peervault "http://127.0.0.1:$GATEWAY_PORT" "$(json_string accessKeyId <<< "$S3_KEY")" \
  "$(json_string secretAccessKey <<< "$S3_KEY")"

# --- the report ---------------------------------------------------------------------------------------
if [ "$SMALL" = 1 ]; then DOC="$WORK/benchmarks.md"; else DOC="$ROOT/docs/benchmarks.md"; fi
bench_java BenchReport "$RESULTS" "$DOC" "${DOC%.md}.png"
[ "$SMALL" = 1 ] || cp "$RESULTS" "${DOC%.md}-results.txt"
say "results in $RESULTS; report in $DOC"

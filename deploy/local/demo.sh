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

WITH_KEYCLOAK=0
case "${1:-}" in
  --with-keycloak) WITH_KEYCLOAK=1 ;;
  "") ;;
  *) echo "usage: $0 [--with-keycloak]" >&2; exit 2 ;;
esac
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
local_init demo "$ROOT/.demo"
build_if_missing

rm -rf "$WORK"
mkdir -p "$WORK/logs"
START=$(date +%s)

start_database

# --- identity (only with --with-keycloak) ---------------------------------------------------------
if [ "$WITH_KEYCLOAK" = 1 ]; then
  # shellcheck source=deploy/local/keycloak.sh
  source "$ROOT/deploy/local/keycloak.sh"
  keycloak_start
fi

start_repository
start_peers 3

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

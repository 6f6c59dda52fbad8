#!/usr/bin/env bash
# Drives real S3 command-line clients (aws CLI, s3cmd, rclone) through the gateway's operations
# and checks every answer. Usage:
#   S3_ENDPOINT=http://127.0.0.1:9000 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
#     deploy/local/s3-clients.sh [aws] [s3cmd] [rclone]
# With no client named, runs every one installed. Exit codes: 0 all passed, 1 a step failed,
# 2 a client named on the command line is not installed, 3 bad usage.
# Clients use path-style addressing (virtual hosts need DNS for bucket.<domain>; the Java SDK
# tests cover them). Each client works in a bucket of its own and removes it at the end.
set -uo pipefail

: "${S3_ENDPOINT:?set S3_ENDPOINT, e.g. http://127.0.0.1:9000}"
: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID to the access key id}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY to its secret}"
REGION="${S3_REGION:-us-east-1}"
HOSTPORT="${S3_ENDPOINT#http://}"
HOSTPORT="${HOSTPORT%/}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FAILED=0

say() { printf '%s\n' "$*"; }
fail() { say "FAIL $CLIENT: $*"; FAILED=1; return 1; }
step() {
  local name="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    say "ok   $CLIENT: $name"
  else
    say "FAIL $CLIENT: $name"; sed 's/^/     | /' "$WORK/out" | tail -20; FAILED=1; return 1
  fi
}
# A step that must fail (an error answer from the gateway).
refused() {
  local name="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    say "FAIL $CLIENT: $name (succeeded, should have been refused)"; FAILED=1; return 1
  fi
  say "ok   $CLIENT: $name (refused)"
}
same() { cmp -s "$1" "$2" || { say "     | $1 and $2 differ"; return 1; }; }
contains() { grep -q -- "$2" "$1" || { say "     | $1 lacks '$2':"; head -20 "$1"; return 1; }; }

make_files() {
  head -c 1234 /dev/urandom >"$WORK/small.bin"
  head -c $((21 * 1024 * 1024 + 7)) /dev/urandom >"$WORK/large.bin"
  printf 'text with spaces\n' >"$WORK/note.txt"
}

# --- aws CLI -------------------------------------------------------------------------------
run_aws() {
  local b="pv-aws-$RANDOM$RANDOM"
  export AWS_CONFIG_FILE="$WORK/aws-config" AWS_DEFAULT_REGION="$REGION"
  printf '[default]\nregion = %s\ns3 =\n  addressing_style = path\n  signature_version = s3v4\n  multipart_threshold = 8MB\n  multipart_chunksize = 8MB\n' \
    "$REGION" >"$AWS_CONFIG_FILE"
  local aws=(aws --endpoint-url "$S3_ENDPOINT")
  step "create bucket" "${aws[@]}" s3 mb "s3://$b" || return
  step "list buckets" bash -c "$(printf '%q ' "${aws[@]}") s3 ls > $WORK/ls && grep -q $b $WORK/ls"
  step "head bucket" "${aws[@]}" s3api head-bucket --bucket "$b"
  step "bucket location" "${aws[@]}" s3api get-bucket-location --bucket "$b"
  step "put small object with metadata" "${aws[@]}" s3 cp "$WORK/small.bin" "s3://$b/dir/small.bin" \
    --metadata colour=blue --content-type application/x-test
  step "put large object (multipart)" "${aws[@]}" s3 cp "$WORK/large.bin" "s3://$b/dir/large.bin"
  step "put key with spaces" "${aws[@]}" s3 cp "$WORK/note.txt" "s3://$b/with space/note +1.txt"
  step "head object metadata" bash -c "$(printf '%q ' "${aws[@]}") s3api head-object --bucket $b \
    --key dir/small.bin > $WORK/head && grep -q blue $WORK/head && grep -q application/x-test $WORK/head"
  step "get small back" "${aws[@]}" s3 cp "s3://$b/dir/small.bin" "$WORK/small.back"
  step "small is byte-identical" same "$WORK/small.bin" "$WORK/small.back"
  step "get large back" "${aws[@]}" s3 cp "s3://$b/dir/large.bin" "$WORK/large.back"
  step "large is byte-identical" same "$WORK/large.bin" "$WORK/large.back"
  step "get key with spaces" "${aws[@]}" s3 cp "s3://$b/with space/note +1.txt" "$WORK/note.back"
  step "key with spaces is identical" same "$WORK/note.txt" "$WORK/note.back"
  step "range get" "${aws[@]}" s3api get-object --bucket "$b" --key dir/small.bin \
    --range bytes=10-19 "$WORK/range.back"
  step "range is the right bytes" same <(tail -c +11 "$WORK/small.bin" | head -c 10) "$WORK/range.back"
  step "list with delimiter" bash -c "$(printf '%q ' "${aws[@]}") s3api list-objects-v2 --bucket $b \
    --delimiter / > $WORK/list && grep -q '\"dir/\"' $WORK/list && grep -q 'with space/' $WORK/list"
  step "list v1 recursive" bash -c "$(printf '%q ' "${aws[@]}") s3api list-objects --bucket $b \
    > $WORK/list1 && grep -q dir/large.bin $WORK/list1"
  step "copy object" "${aws[@]}" s3 cp "s3://$b/dir/small.bin" "s3://$b/copy/small.bin"
  step "copy large object (multipart copy)" "${aws[@]}" s3 cp "s3://$b/dir/large.bin" "s3://$b/copy/large.bin"
  step "large copy is identical" bash -c "$(printf '%q ' "${aws[@]}") s3 cp s3://$b/copy/large.bin \
    $WORK/large-copy.back && cmp -s $WORK/large.bin $WORK/large-copy.back"
  step "copy is identical" bash -c "$(printf '%q ' "${aws[@]}") s3 cp s3://$b/copy/small.bin \
    $WORK/copy.back && cmp -s $WORK/small.bin $WORK/copy.back"
  step "presigned get with curl" bash -c "curl -sf \"\$($(printf '%q ' "${aws[@]}") s3 presign \
    s3://$b/dir/small.bin --expires-in 60)\" -o $WORK/presigned.back && cmp -s $WORK/small.bin $WORK/presigned.back"
  refused "get missing key" "${aws[@]}" s3api get-object --bucket "$b" --key nope "$WORK/nope"
  refused "remove non-empty bucket" "${aws[@]}" s3api delete-bucket --bucket "$b"
  step "delete objects (batch)" "${aws[@]}" s3 rm "s3://$b" --recursive
  step "bucket is empty" bash -c "test -z \"\$($(printf '%q ' "${aws[@]}") s3 ls s3://$b --recursive)\""
  step "remove bucket" "${aws[@]}" s3 rb "s3://$b"
}

# --- s3cmd ---------------------------------------------------------------------------------
run_s3cmd() {
  local b="pv-s3cmd-$RANDOM$RANDOM"
  local cfg="$WORK/s3cfg"
  printf '[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\nuse_https = False\nsignature_v2 = False\nbucket_location = %s\nmultipart_chunk_size_mb = 5\n' \
    "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$HOSTPORT" "$HOSTPORT" "$REGION" >"$cfg"
  local s3=(s3cmd -c "$cfg" --no-progress)
  step "create bucket" "${s3[@]}" mb "s3://$b" || return
  step "list buckets" bash -c "$(printf '%q ' "${s3[@]}") ls > $WORK/ls && grep -q $b $WORK/ls"
  step "put small object with metadata" "${s3[@]}" put "$WORK/small.bin" "s3://$b/dir/small.bin" \
    --add-header=x-amz-meta-colour:blue
  step "put large object (multipart)" "${s3[@]}" put "$WORK/large.bin" "s3://$b/dir/large.bin"
  step "put key with spaces" "${s3[@]}" put "$WORK/note.txt" "s3://$b/with space/note +1.txt"
  step "info shows metadata" bash -c "$(printf '%q ' "${s3[@]}") info s3://$b/dir/small.bin \
    > $WORK/info && grep -qi colour $WORK/info"
  step "get small back" "${s3[@]}" get --force "s3://$b/dir/small.bin" "$WORK/small.back"
  step "small is byte-identical" same "$WORK/small.bin" "$WORK/small.back"
  step "get large back" "${s3[@]}" get --force "s3://$b/dir/large.bin" "$WORK/large.back"
  step "large is byte-identical" same "$WORK/large.bin" "$WORK/large.back"
  step "get key with spaces" "${s3[@]}" get --force "s3://$b/with space/note +1.txt" "$WORK/note.back"
  step "key with spaces is identical" same "$WORK/note.txt" "$WORK/note.back"
  step "list with delimiter" bash -c "$(printf '%q ' "${s3[@]}") ls s3://$b/ > $WORK/list \
    && grep -q 'DIR.*s3://$b/dir/' $WORK/list"
  step "list recursive" bash -c "$(printf '%q ' "${s3[@]}") ls --recursive s3://$b > $WORK/list \
    && grep -q dir/large.bin $WORK/list"
  step "copy object" "${s3[@]}" cp "s3://$b/dir/small.bin" "s3://$b/copy/small.bin"
  step "copy is identical" bash -c "$(printf '%q ' "${s3[@]}") get --force s3://$b/copy/small.bin \
    $WORK/copy.back && cmp -s $WORK/small.bin $WORK/copy.back"
  step "sync directory" "${s3[@]}" sync "$WORK/" "s3://$b/synced/" --exclude '*.back' --exclude 'out' --exclude '*cfg*'
  refused "get missing key" "${s3[@]}" get --force "s3://$b/nope" "$WORK/nope"
  refused "remove non-empty bucket" "${s3[@]}" rb "s3://$b"
  step "delete recursively" "${s3[@]}" del --recursive --force "s3://$b"
  step "remove bucket" "${s3[@]}" rb "s3://$b"
}

# --- rclone --------------------------------------------------------------------------------
run_rclone() {
  local b="pv-rclone-$RANDOM$RANDOM"
  local cfg="$WORK/rclone.conf"
  printf '[pv]\ntype = s3\nprovider = Other\naccess_key_id = %s\nsecret_access_key = %s\nendpoint = %s\nregion = %s\nforce_path_style = true\n' \
    "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$S3_ENDPOINT" "$REGION" >"$cfg"
  local rc=(env -u AWS_CA_BUNDLE rclone --config "$cfg" --s3-upload-cutoff 5M --s3-chunk-size 5M)
  step "create bucket" "${rc[@]}" mkdir "pv:$b" || return
  step "list buckets" bash -c "$(printf '%q ' "${rc[@]}") lsd pv: > $WORK/ls && grep -q $b $WORK/ls"
  step "put small object" "${rc[@]}" copyto "$WORK/small.bin" "pv:$b/dir/small.bin"
  step "put large object (multipart)" "${rc[@]}" copyto "$WORK/large.bin" "pv:$b/dir/large.bin"
  step "put key with spaces" "${rc[@]}" copyto "$WORK/note.txt" "pv:$b/with space/note +1.txt"
  step "get small back" "${rc[@]}" copyto "pv:$b/dir/small.bin" "$WORK/small.back"
  step "small is byte-identical" same "$WORK/small.bin" "$WORK/small.back"
  step "get large back" "${rc[@]}" copyto "pv:$b/dir/large.bin" "$WORK/large.back"
  step "large is byte-identical" same "$WORK/large.bin" "$WORK/large.back"
  step "get key with spaces" "${rc[@]}" copyto "pv:$b/with space/note +1.txt" "$WORK/note.back"
  step "key with spaces is identical" same "$WORK/note.txt" "$WORK/note.back"
  step "range read" bash -c "$(printf '%q ' "${rc[@]}") cat --offset 10 --count 10 pv:$b/dir/small.bin \
    > $WORK/range.back && cmp -s <(tail -c +11 $WORK/small.bin | head -c 10) $WORK/range.back"
  step "list top level" bash -c "$(printf '%q ' "${rc[@]}") lsf pv:$b > $WORK/list && grep -qx 'dir/' $WORK/list"
  step "list recursive" bash -c "$(printf '%q ' "${rc[@]}") lsf -R pv:$b > $WORK/list && grep -q dir/large.bin $WORK/list"
  step "server-side copy" "${rc[@]}" copyto "pv:$b/dir/small.bin" "pv:$b/copy/small.bin"
  step "check hashes" "${rc[@]}" check "$WORK/" "pv:$b/dir/" --include small.bin --include large.bin
  # rclone takes a missing key for an empty directory (HEAD 404, then a listing): ask for a
  # missing bucket instead.
  refused "list missing bucket" "${rc[@]}" lsf "pv:$b-missing"
  step "purge bucket" "${rc[@]}" purge "pv:$b"
  refused "bucket is gone" "${rc[@]}" lsf "pv:$b"
}

CLIENTS=("$@")
if [ ${#CLIENTS[@]} -eq 0 ]; then
  for c in aws s3cmd rclone; do command -v "$c" >/dev/null && CLIENTS+=("$c") || say "skip $c: not installed"; done
fi
make_files
for CLIENT in "${CLIENTS[@]}"; do
  case "$CLIENT" in
    aws|s3cmd|rclone) ;;
    *) say "unknown client $CLIENT: name aws, s3cmd or rclone"; exit 3 ;;
  esac
  command -v "$CLIENT" >/dev/null || { say "$CLIENT is not installed (apt-get install $CLIENT)"; exit 2; }
  say "== $CLIENT: $("$CLIENT" --version 2>&1 | head -1)"
  "run_$CLIENT"
done
if [ "$FAILED" -ne 0 ]; then say "s3 clients: FAILED"; exit 1; fi
say "s3 clients: all passed"

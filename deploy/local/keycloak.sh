# PeerVault demo, identity part: sourced by demo.sh when run with --with-keycloak.
#
#   keycloak_start      before the repository service: unzips the Keycloak server distribution
#                       (copied by the build to repository-service/target/keycloak) into
#                       repository-service/target/keycloak-demo (once), writes the
#                       realm of deploy/keycloak with a fresh client secret, starts Keycloak on a
#                       free port, creates the demo's admin and helpdesk users, and exports the
#                       PEERVAULT_OIDC_* settings the service reads.
#   keycloak_scenario   after the plain demo: an admin creates a user through the admin API; the
#                       user signs in on laptop-1 (`peer-agent login`, device authorization grant)
#                       and backs up; forgets the password; helpdesk resets it; the user signs in
#                       on laptop-2 with the new one and restores laptop-1's files, checked byte for
#                       byte; the audit log shows what admin and helpdesk did.
#
# The "browser" that approves device sign-ins is KeycloakBrowser from the test classes: it fills
# in Keycloak's own login and update-password pages over HTTP, as a person would.
# Needs: curl, jq. Uses from demo.sh: ROOT, WORK, JAVA, PIDS, say, fail, free_port, wait_for_port.

KC_VERSION=26.7.3
KC_DIR="$ROOT/repository-service/target/keycloak"
# The demo runs its own copy: the tests use the one in $KC_DIR, possibly at the same time.
KC_HOME="$ROOT/repository-service/target/keycloak-demo/keycloak-$KC_VERSION"
KC_REALM=peervault

kc_json() { jq -r "$1"; }
kc_token() { # user password -> access token (password grant of the CLI client; demo realm only)
  curl -sf -d grant_type=password -d client_id=peervault-cli -d "username=$1" -d "password=$2" \
    "$KC_URL/realms/$KC_REALM/protocol/openid-connect/token" | kc_json .access_token
}
api() { # token method path [json]
  curl -sf -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    ${4:+-d "$4"} "http://127.0.0.1:$HTTP_PORT$3"
}
kc_browser() { # verification-uri user-code username password new-password
  "$JAVA" -cp "repository-service/target/test-classes:$(cat repository-service/target/test-classpath.txt)" \
    org.peervault.repository.testidp.KeycloakBrowser "$@"
}

keycloak_start() {
  command -v jq >/dev/null || fail "--with-keycloak needs jq"
  command -v curl >/dev/null || fail "--with-keycloak needs curl"
  if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    if [ ! -f "$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" ]; then
      say "downloading Keycloak $KC_VERSION from Maven Central"
      ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
        -DoutputDirectory="$KC_DIR"
    fi
    mkdir -p "$(dirname "$KC_HOME")"
    unzip -q -o "$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$(dirname "$KC_HOME")"
  fi
  rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/import"
  mkdir -p "$KC_HOME/data/import"
  export PEERVAULT_OIDC_CLIENT_SECRET
  PEERVAULT_OIDC_CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  sed "s|\${PEERVAULT_SERVICE_CLIENT_SECRET}|$PEERVAULT_OIDC_CLIENT_SECRET|" \
    deploy/keycloak/peervault-realm.json > "$KC_HOME/data/import/peervault-realm.json"
  KC_PORT=$(free_port 18180)
  KC_URL="http://127.0.0.1:$KC_PORT"
  KC_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
  say "starting Keycloak $KC_VERSION on :$KC_PORT (first start ~50 s, later ~10 s)"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" "$KC_HOME/bin/kc.sh" start-dev --http-port="$KC_PORT" \
    --http-host=127.0.0.1 --http-management-port="$(free_port 19100)" --import-realm \
    > "$WORK/logs/keycloak.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 1800); do
    curl -sf "$KC_URL/realms/$KC_REALM/.well-known/openid-configuration" >/dev/null && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || fail "Keycloak exited; see $WORK/logs/keycloak.log"
    sleep 0.2
  done
  curl -sf "$KC_URL/realms/$KC_REALM/.well-known/openid-configuration" >/dev/null \
    || fail "Keycloak not ready; see $WORK/logs/keycloak.log"
  local kcadm="$KC_HOME/bin/kcadm.sh"
  export KC_OPTS="-Xmx128m"
  "$kcadm" config credentials --config "$WORK/kcadm.config" --server "$KC_URL" --realm master \
    --user admin --password "$KC_ADMIN_PASSWORD" >/dev/null
  # Demo only: the admin and helpdesk staff get tokens by password on the command line.
  local cli_id
  cli_id=$("$kcadm" get clients --config "$WORK/kcadm.config" -r "$KC_REALM" -q clientId=peervault-cli \
    --fields id --format csv --noquotes)
  "$kcadm" update "clients/$cli_id" --config "$WORK/kcadm.config" -r "$KC_REALM" -s directAccessGrantsEnabled=true
  DEMO_ADMIN_PASSWORD="Adm-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
  DEMO_HELPDESK_PASSWORD="Hd-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
  for u in "it-admin:admin:$DEMO_ADMIN_PASSWORD" "helpdesk-hana:helpdesk:$DEMO_HELPDESK_PASSWORD"; do
    IFS=: read -r name role pw <<<"$u"
    "$kcadm" create users --config "$WORK/kcadm.config" -r "$KC_REALM" -s "username=$name" -s enabled=true \
      -s "email=$name@example.test" -s emailVerified=true -s "firstName=$name" -s lastName=Demo >/dev/null
    "$kcadm" set-password --config "$WORK/kcadm.config" -r "$KC_REALM" --username "$name" --new-password "$pw"
    "$kcadm" add-roles --config "$WORK/kcadm.config" -r "$KC_REALM" --uusername "$name" --rolename "$role"
  done
  export PEERVAULT_OIDC_ENABLED=true PEERVAULT_OIDC_AUTH_SERVER_URL="$KC_URL/realms/$KC_REALM"
  export PEERVAULT_KEYCLOAK_URL="$KC_URL"
}

# Signs a user in on an agent: `peer-agent login` waits while the browser approves the code.
kc_login() { # agent-dir username password new-password
  local out="$WORK/login-$(basename "$1").txt"
  "$JAVA" -jar "$AGENT_JAR" login --state-dir "$1" --issuer "$KC_URL/realms/$KC_REALM" > "$out" 2>&1 &
  local login=$!
  local uri=""
  for _ in $(seq 1 100); do
    uri=$(sed -n 's/^(or open \(.*\))$/\1/p' "$out")
    [ -n "$uri" ] && break
    sleep 0.1
  done
  [ -n "$uri" ] || fail "peer-agent login printed no link; see $out"
  local code
  code=$(sed -n 's/.*enter the code \(.*\)$/\1/p' "$out")
  echo "  peer-agent login: open $(sed -n 's/^To sign in, open \([^ ]*\).*/\1/p' "$out") and enter $code"
  kc_browser "$uri" "$code" "$2" "$3" "$4" | sed 's/^/  browser: /'
  wait "$login" || fail "peer-agent login failed; see $out"
  sed -n 's/^/  /;/signed in\|belongs/p' "$out"
}

keycloak_scenario() {
  say "identity: an admin creates a user through the admin API (http://127.0.0.1:$HTTP_PORT/q/swagger-ui)"
  local admin created temporary user_id
  admin=$(kc_token it-admin "$DEMO_ADMIN_PASSWORD") || fail "no admin token"
  created=$(api "$admin" POST /api/users '{"username":"dana","email":"dana@example.test","role":"user"}') \
    || fail "creating the user failed"
  user_id=$(echo "$created" | kc_json .user.id)
  temporary=$(echo "$created" | kc_json .temporaryPassword)
  echo "  created user dana (id $user_id) with a temporary password"

  say "laptop-3 is back: it serves its peers again"
  local port3
  port3=$(sed -n 's/^listen=.*:\([0-9]*\)$/\1/p' "$WORK/agent-3/agent.properties")
  "$JAVA" -jar "$AGENT_JAR" serve --state-dir "$WORK/agent-3" --heartbeat 5 > "$WORK/logs/agent-3b.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "agent 3" "${port3:-17443}" "${PIDS[-1]}"
  sleep 1

  say "dana signs in on laptop-1 (device authorization grant; she chooses a password) and backs up"
  kc_login "$WORK/agent-1" dana "$temporary" "Dana-first-$(date +%s)"
  mkdir -p "$WORK/dana/Documents"
  head -c 2M /dev/urandom > "$WORK/dana/Documents/thesis.pdf"
  echo "meeting notes" > "$WORK/dana/Documents/notes.txt"
  (cd "$WORK/dana" && find Documents -type f -print0 | sort -z | xargs -0 sha256sum) > "$WORK/dana.sha256"
  agent backup --state-dir "$WORK/agent-1" "$WORK/dana/Documents" | tail -1

  say "dana forgot her password: helpdesk resets it (a temporary one, to be changed at sign-in)"
  local helpdesk reset
  helpdesk=$(kc_token helpdesk-hana "$DEMO_HELPDESK_PASSWORD") || fail "no helpdesk token"
  reset=$(api "$helpdesk" POST "/api/users/$user_id/password-reset" '{}') || fail "reset failed"
  temporary=$(echo "$reset" | kc_json .temporaryPassword)
  echo "  helpdesk-hana reset the password of dana; updatePasswordRequired=$(echo "$reset" | kc_json .updatePasswordRequired)"
  echo "  helpdesk may not see file names: GET /api/file-versions -> $(curl -s -o /dev/null \
    -w '%{http_code}' -H "Authorization: Bearer $helpdesk" "http://127.0.0.1:$HTTP_PORT/api/file-versions?deviceId=1")"

  say "on laptop-2 dana signs in with the new password and restores laptop-1's files"
  local laptop1
  laptop1=$(sed -n 's/^device.id=//p' "$WORK/agent-1/agent.properties")
  kc_login "$WORK/agent-2" dana "$temporary" "Dana-second-$(date +%s)"
  agent restore --state-dir "$WORK/agent-2" --device "$laptop1" --target "$WORK/dana-restored" Documents | tail -1
  (cd "$WORK/dana-restored" && sha256sum --quiet -c "$WORK/dana.sha256") || fail "dana's restored files differ"
  echo "  every byte of dana's files verified (SHA-256)"

  say "the audit log of admin and helpdesk actions"
  api "$admin" GET "/api/audit?size=10" | jq -r '.items[] | "  \(.at) \(.actor) (\(.role)) \(.action) \(.target) -> \(.outcome)"'
}

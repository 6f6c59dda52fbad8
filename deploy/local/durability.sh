#!/usr/bin/env bash
# The durability simulator: the real placement code over 10,000 simulated peers; prints measured
# restore availability next to the model and the paper's fixed-b formula, and rewrites
# docs/durability.md and docs/durability.png. Options: --peers N, --owners N, --seed N.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
JAVA="${JAVA:-java}"
./mvnw -B -q -o test-compile -pl repository-service -am
exec "$JAVA" -cp "repository-service/target/test-classes:repository-service/target/classes:$(cat repository-service/target/test-classpath.txt)" \
  org.peervault.repository.placement.simulation.DurabilityReport --docs "$ROOT/docs" "$@"

#!/usr/bin/env bash
# Runs the central store's tests again on PostgreSQL: a throwaway cluster on 127.0.0.1 (see
# postgres-cluster.sh), ONSET_TEST_POSTGRES pointing at it, and the cluster removed afterwards.
# When no cluster can start, says why and skips (the SQLite run has already passed).
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
if ! url=$(scripts/postgres-cluster.sh start 2>/tmp/onset-pg-start.log); then
  echo "SKIPPED: the central store's tests on PostgreSQL: no throwaway PostgreSQL cluster could start:" >&2
  sed 's/^/  /' /tmp/onset-pg-start.log >&2
  exit 0
fi
trap 'scripts/postgres-cluster.sh stop' EXIT
echo "central store tests on PostgreSQL ($url)"
ONSET_TEST_POSTGRES="$url" "$SWIFT" test --skip-build --filter 'OnsetSyncTests|OnsetServerTests|OnsetPostgresTests|SyncCLITests|WaveCLITests'

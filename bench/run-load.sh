#!/usr/bin/env bash
# Starts a dev-mode issuer on a free local port with a throw-away data directory, provisions a confidential
# client "bench" (client_credentials) and a user "bench-user", and runs the load generator against it: the
# liveness baseline, the client-credentials scenario, then the login scenario, each at concurrency 16.
#   bench/run-load.sh
#   DURATION=60s WARMUP=10s CONCURRENCY=32 bench/run-load.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/jdk.sh
source "$ROOT/bench/jdk.sh"
export JAVA_HOME="$(find_jdk)"
export PATH="$JAVA_HOME/bin:$PATH"

DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
CONCURRENCY="${CONCURRENCY:-16}"
LAUNCHER="$ROOT/gatehouse"

if [[ ! -x "$LAUNCHER" ]]; then
    echo "missing $LAUNCHER: the launcher comes with the gatehouse-app module" >&2
    exit 1
fi

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    mvn -B -q -f "$ROOT/pom.xml" -pl bench -am package -DskipTests
fi
JAR="$ROOT/bench/target/benchmarks.jar"

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PORT="${PORT:-}"
if [[ -z "$PORT" ]]; then
    for _ in $(seq 1 50); do
        candidate=$(( 20000 + RANDOM % 20000 ))
        if ! port_in_use "$candidate"; then
            PORT=$candidate
            break
        fi
    done
fi
[[ -n "$PORT" ]] || { echo "no free port found" >&2; exit 1; }

random_secret() {
    head -c 32 /dev/urandom | base64 | tr -d '/+=\n'
}

DATA="$(mktemp -d -t gatehouse-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

export GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=admin
export GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD="$(random_secret)"
export GATEHOUSE_BENCH_CLIENT_SECRET="$(random_secret)"
export GATEHOUSE_BENCH_PASSWORD="$(random_secret)"

cat > "$DATA/provisioning.yaml" <<YAML
clients:
  - client_id: bench
    type: confidential
    grant_types: [client_credentials]
    scopes: [bench:read]
    audiences: [https://bench.local]
    secret_env: GATEHOUSE_BENCH_CLIENT_SECRET
users:
  - username: bench-user
    roles: [bench]
    password_env: GATEHOUSE_BENCH_PASSWORD
YAML

echo "Starting the issuer on 127.0.0.1:$PORT (log: $DATA/issuer.log)"
# Own process group, so that cleanup stops the launcher and the JVM it starts.
setsid "$LAUNCHER" serve --dev --port "$PORT" --data-dir "$DATA/data" --provisioning "$DATA/provisioning.yaml" \
    > "$DATA/issuer.log" 2>&1 &
SERVER_PID=$!

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$BASE/health/ready" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the issuer exited before it was ready:" >&2
        tail -n 40 "$DATA/issuer.log" >&2
        exit 1
    fi
    sleep 0.5
done
curl -fsS -o /dev/null "$BASE/health/ready" || { echo "the issuer was not ready within 60 s" >&2; tail -n 40 "$DATA/issuer.log" >&2; exit 1; }

status=0
run() {
    echo
    java -cp "$JAR" dev.gatehouse.bench.LoadGenerator --url "$BASE" --concurrency "$CONCURRENCY" \
        --duration "$DURATION" --warmup "$WARMUP" "$@" || status=1
}
run --scenario liveness
run --scenario client-credentials --client-id bench
run --scenario login --username bench-user

exit "$status"

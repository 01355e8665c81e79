#!/usr/bin/env bash
# Gateway and revocation figures in one run, against `./gatehouse demo` on this machine:
#   (a) revocation propagation: revoke call returning -> gate answering 401, over ROUNDS revocations, for the
#       gateway (revocation feed) and for the issuer's verify endpoint (in-process);
#   (b) gateway overhead: GET /orders/1 straight to the sample service, through nginx as a plain proxy to it,
#       through the gateway on a public route (proxying only) and on a protected one (token verified, cached,
#       identity forwarded), same load;
#   (c) the verify endpoint (nginx auth_request / Envoy / Traefik) under the same load.
#   bench/run-gateway.sh
#   DURATION=30s CONCURRENCY=32 ROUNDS=2000 bench/run-gateway.sh
# nginx is optional: without /usr/sbin/nginx the nginx row is skipped with a message.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/jdk.sh
source "$ROOT/bench/jdk.sh"
export JAVA_HOME="$(find_jdk)"
export PATH="$JAVA_HOME/bin:$PATH"

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
CONCURRENCY="${CONCURRENCY:-16}"
ROUNDS="${ROUNDS:-1000}"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    mvn -B -q -f "$ROOT/pom.xml" -pl bench,gatehouse-app -am package -DskipTests
fi
JAR="$ROOT/bench/target/benchmarks.jar"

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
free_port() {
    for _ in $(seq 1 50); do
        candidate=$(( 20000 + RANDOM % 20000 ))
        if ! port_in_use "$candidate"; then
            echo "$candidate"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

WORK="$(mktemp -d -t gatehouse-gwbench.XXXXXX)"
DEMO_PID=""
NGINX_PID=""
cleanup() {
    for pid in "$NGINX_PID" "$DEMO_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

ISSUER_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
echo "Starting ./gatehouse demo: issuer 127.0.0.1:$ISSUER_PORT, gateway 127.0.0.1:$GATEWAY_PORT (log: $WORK/demo.log)"
setsid "$ROOT/gatehouse" demo --issuer-port "$ISSUER_PORT" --gateway-port "$GATEWAY_PORT" > "$WORK/demo.out" 2> "$WORK/demo.log" &
DEMO_PID=$!
for _ in $(seq 1 240); do
    grep -q "service client" "$WORK/demo.out" 2>/dev/null && break
    kill -0 "$DEMO_PID" 2>/dev/null || { echo "the demo exited:" >&2; tail -n 40 "$WORK/demo.log" >&2; exit 1; }
    sleep 0.5
done
grep -q "service client" "$WORK/demo.out" || { echo "the demo did not start within 120 s" >&2; exit 1; }

ISSUER="http://127.0.0.1:$ISSUER_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
ORDERS_PORT=$(sed -n 's#.*orders service *http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/demo.out")
SERVICE_SECRET=$(sed -n 's#.*service client *demo-service / \([^ ]*\) .*#\1#p' "$WORK/demo.out")
export GATEHOUSE_BENCH_CLIENT_SECRET="$SERVICE_SECRET"
TOKEN=$(curl -fsS -u "demo-service:$SERVICE_SECRET" -d grant_type=client_credentials "$ISSUER/oauth2/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n "$TOKEN" ]] || { echo "could not get a token for demo-service" >&2; exit 1; }
export GATEHOUSE_BENCH_TOKEN="$TOKEN"

NGINX_BIN="$(command -v nginx || true)"
[[ -z "$NGINX_BIN" && -x /usr/sbin/nginx ]] && NGINX_BIN=/usr/sbin/nginx
NGINX_PORT=""
if [[ -n "$NGINX_BIN" ]]; then
    NGINX_PORT=$(free_port)
    mkdir -p "$WORK/nginx/logs"
    user_line=""
    [[ "$(id -u)" -eq 0 ]] && user_line="user root;"
    cat > "$WORK/nginx/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
    upstream orders { server 127.0.0.1:$ORDERS_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { proxy_pass http://orders; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
NGINX
    setsid "$NGINX_BIN" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
    NGINX_PID=$!
    for _ in $(seq 1 50); do port_in_use "$NGINX_PORT" && break; sleep 0.1; done
else
    echo "nginx not found: the nginx row is skipped"
fi

status=0
load() {
    local label=$1 url=$2 path=$3 token=${4:-}
    echo
    echo "== $label"
    GATEHOUSE_BENCH_TOKEN="$token" java -cp "$JAR" dev.gatehouse.bench.LoadGenerator --url "$url" --scenario get \
        --path "$path" --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" || status=1
}

echo
echo "== (a) revocation propagation, $ROUNDS revocations each"
java -cp "$JAR" dev.gatehouse.bench.RevocationPropagation "$ISSUER" "$GATEWAY/orders/1" demo-service "$ROUNDS" \
    | sed 's/^/gateway:         /' || status=1
java -cp "$JAR" dev.gatehouse.bench.RevocationPropagation "$ISSUER" "$ISSUER/api/v1/verify?audience=orders" demo-service "$ROUNDS" \
    | sed 's/^/verify endpoint: /' || status=1

load "(b) baseline: straight to the sample service" "http://127.0.0.1:$ORDERS_PORT" /orders/1
if [[ -n "$NGINX_PORT" ]]; then
    load "(b) nginx as a plain proxy to it" "http://127.0.0.1:$NGINX_PORT" /orders/1
fi
load "(b) through the gateway, public route (proxying only)" "$GATEWAY" /status
load "(b) through the gateway, with a token" "$GATEWAY" /orders/1 "$TOKEN"
load "(c) the issuer's verify endpoint, with a token" "$ISSUER" "/api/v1/verify?audience=orders" "$TOKEN"

exit "$status"

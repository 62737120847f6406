#!/usr/bin/env bash
# Side-by-side HTTP/1.1 reverse-proxy benchmark on loopback (see docs/benchmarks.md).
#
#   bench/proxy-bench.sh [DURATION_SECONDS] [CONNECTIONS]      # ROUNDS=3, WARMUP_ROUNDS=3
#
# Upstream: nginx (1 worker) serving a 1 KiB file, keep-alive. Proxies under test, all running,
# measured in turn for ROUNDS rounds (medians reported), each pinned to CPU 1 with one worker/thread/event loop and keep-alive on both legs: nginx,
# HAProxy, Caddy (when installed) and the Causeway data plane. Client (wrk, 1 thread) and upstream
# share CPU 0. Proxy CPU comes from /proc/PID/stat (utime+stime of all its processes) before and
# after each run, so "requests per proxy CPU-second" compares peers fairly even when CPU 0 caps
# the raw request rate. Needs: wrk, nginx, haproxy, caddy (optional), taskset, Temurin 21+.
set -euo pipefail

DURATION=${1:-10}
CONNS=${2:-50}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-3}
ROUNDS=${ROUNDS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/causeway-bench.XXXXXX)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
UP_PORT=18180; NGINX_PORT=18181; HAPROXY_PORT=18182; CADDY_PORT=18183; CW_PORT=18184; CW_STATUS=18185
PIDS=()

# BENCH_NICE=-10 runs everything this script starts at that priority (root only): on a machine
# shared with other jobs it keeps the measured processes from queueing behind them, for every
# proxy alike. Empty (the default) leaves priorities alone.
if [ -n "${BENCH_NICE:-}" ]; then renice -n "$BENCH_NICE" -p $$ >/dev/null; fi

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "missing: $1" >&2; exit 2; }; }
need wrk; need nginx; need haproxy; need taskset

head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"
# nginx workers run as an unprivileged user: they must be able to read the file.
chmod 755 "$WORK"; chmod 644 "$WORK/1k.txt"

# ---- upstream: nginx, 1 worker, CPU 0 --------------------------------------------------------
mkdir -p "$WORK/up"
cat > "$WORK/up/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/up/nginx.pid; error_log $WORK/up/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 120s;
  client_body_temp_path $WORK/up; proxy_temp_path $WORK/up; fastcgi_temp_path $WORK/up; uwsgi_temp_path $WORK/up; scgi_temp_path $WORK/up;
  server { listen 127.0.0.1:$UP_PORT; location / { root $WORK; } } }
CONF
taskset -c 0 nginx -c "$WORK/up/nginx.conf" & PIDS+=($!)

# ---- peers -------------------------------------------------------------------------------------
mkdir -p "$WORK/px"
cat > "$WORK/px/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/px/nginx.pid; error_log $WORK/px/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  client_body_temp_path $WORK/px; proxy_temp_path $WORK/px; fastcgi_temp_path $WORK/px; uwsgi_temp_path $WORK/px; scgi_temp_path $WORK/px;
  upstream origin { server 127.0.0.1:$UP_PORT; keepalive 128; }
  server { listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend be
backend be
  server s1 127.0.0.1:$UP_PORT
CONF
cat > "$WORK/Caddyfile" <<CONF
{
  admin off
  auto_https off
}
http://127.0.0.1:$CADDY_PORT {
  reverse_proxy 127.0.0.1:$UP_PORT
}
CONF
cat > "$WORK/kong.yaml" <<CONF
_format_version: "3.0"
services:
- name: origin
  url: http://127.0.0.1:$UP_PORT
  routes:
  - name: all
    paths: ["/"]
    strip_path: false
CONF

cpu_ticks() { # utime+stime of a process and its children (threads are included in /proc/PID/stat)
  local total=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

RESULTS="$WORK/results.tsv"
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
run_wrk() { # round name port pid...
  local round=$1 name=$2 port=$3; shift 3
  local before after out rps p50 p99 cpu
  before=$(cpu_ticks "$@")
  out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/1k.txt")
  after=$(cpu_ticks "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}')
  if grep -q "Non-2xx" <<<"$out"; then echo "$name: non-2xx responses, result discarded" >&2; return 1; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$cpu" >> "$RESULTS"
  echo "round $round $name: $rps req/s, p50 ${p50}ms, p99 ${p99}ms, proxy CPU ${cpu}s"
}

wait_port $UP_PORT
: > "$RESULTS"

# Every proxy runs for the whole benchmark (an idle one costs nothing) and they take turns, round
# after round: a machine whose speed drifts (other tenants, thermal limits) then affects them
# alike, and the medians over ROUNDS say more than one run each.
start_peer() { # name port command...; sets PEER_PID
  local name=$1 port=$2; shift 2
  taskset -c 1 "$@" > "$WORK/$name.out" 2>&1 & PEER_PID=$!
  PIDS+=($PEER_PID)
  wait_port "$port"
}
PEERS=()
start_peer nginx $NGINX_PORT nginx -c "$WORK/px/nginx.conf"; PEERS+=("nginx $NGINX_PORT $PEER_PID")
start_peer haproxy $HAPROXY_PORT haproxy -f "$WORK/haproxy.cfg"; PEERS+=("haproxy $HAPROXY_PORT $PEER_PID")
if command -v caddy >/dev/null; then
  start_peer caddy $CADDY_PORT env GOMAXPROCS=1 caddy run --config "$WORK/Caddyfile" --adapter caddyfile
  PEERS+=("caddy $CADDY_PORT $PEER_PID")
fi

# ---- Causeway ---------------------------------------------------------------------------------
CP_FILE="$WORK/cp.txt"
(cd "$ROOT" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -o -pl causeway-gateway -am package -Dmaven.test.skip=true \
  && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -o -pl causeway-gateway dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime) >/dev/null
# Runtime jars only: without an SLF4J binding logging is off, as it is for the peers (access_log off).
# The classes are copied, so edits to the tree during the run cannot change what is measured.
cp -r "$ROOT/causeway-gateway/target/classes" "$WORK/classes"
CP="$WORK/classes:$(tr ':' '\n' < "$CP_FILE" \
  | grep -vE 'logback|junit|assertj|awaitility|jmh|hamcrest|opentest4j|apiguardian|byte-buddy|jopt|commons-math' | paste -sd:)"
# Compiled ahead: the source launcher would load javac into the data plane.
"$JAVA_HOME/bin/javac" -d "$WORK/launcher" -cp "$CP" "$ROOT/bench/proxy/DataPlaneBench.java"
# Netty 4.2 uses sun.misc.Unsafe on Java 25+ only when the JVM allows it (see bench/lib/common.sh).
UNSAFE_OPTS=$("$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 \
  && echo "--sun-misc-unsafe-memory-access=allow" || true)
start_peer causeway $CW_PORT "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+UseParallelGC $UNSAFE_OPTS \
  --enable-native-access=ALL-UNNAMED -Dcauseway.eventLoops=1 -cp "$WORK/launcher:$CP" DataPlaneBench \
  "$WORK/kong.yaml" $CW_PORT $CW_STATUS "$WORK/cw"
PEERS+=("causeway $CW_PORT $PEER_PID")

# Warm-up: the JVM compiles for tens of seconds; the others need a moment to fill their pools.
for i in $(seq 1 "$WARMUP_ROUNDS"); do
  taskset -c 0 wrk -t1 -c"$CONNS" -d"${DURATION}s" "http://127.0.0.1:$CW_PORT/1k.txt" >/dev/null
done
for peer in "${PEERS[@]}"; do
  set -- $peer
  [ "$1" = causeway ] || taskset -c 0 wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$2/1k.txt" >/dev/null
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "$round" "direct (no proxy)" $UP_PORT
  for peer in "${PEERS[@]}"; do
    set -- $peer
    run_wrk "$round" "$1" "$2" "$3"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- table: medians over the rounds; "vs nginx" pairs each round with nginx's in that round -----
echo
awk -F'\t' -v d="$DURATION" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    r = $1; name = $2
    if (!(name in seen)) { seen[name] = 1; order[++names] = name }
    per = ($6 > 0 ? $3 * d / $6 : 0)
    rps[name] = rps[name] " " $3; p50[name] = p50[name] " " $4; p99[name] = p99[name] " " $5
    cpu[name] = cpu[name] " " $6; perc[name] = perc[name] " " per; round_per[name, r] = per; rounds[r] = 1
  }
  END {
    printf "| proxy | req/s | p50 | p99 | proxy CPU (s) | req per proxy CPU-s | vs nginx (median, range) |\n|---|---|---|---|---|---|---|\n"
    for (k = 1; k <= names; k++) {
      name = order[k]
      if (name == "direct (no proxy)") {
        printf "| %s | %.0f | %.2f ms | %.2f ms | - | - | - |\n", name, median(rps[name]), median(p50[name]), median(p99[name])
        continue
      }
      ratios = ""; lo = 1e9; hi = 0
      for (r in rounds) if (round_per["nginx", r] > 0) {
        x = round_per[name, r] / round_per["nginx", r]; ratios = ratios " " x; if (x < lo) lo = x; if (x > hi) hi = x
      }
      printf "| %s | %.0f | %.2f ms | %.2f ms | %.2f | %.0f | **%.2f** (%.2f-%.2f) |\n", name, median(rps[name]),
        median(p50[name]), median(p99[name]), median(cpu[name]), median(perc[name]), median(ratios), lo, hi
    }
  }' "$RESULTS"
echo "(medians of ${ROUNDS} rounds of ${DURATION}s, ${CONNS} connections, work dir $WORK)"

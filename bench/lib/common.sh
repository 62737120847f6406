# Shared pieces of the data-plane benchmarks under bench/ (sourced, not run).
# Defines: ROOT WORK JAVA_HOME PIDS, cleanup trap, need, wait_port, cpu_ticks, rss_kib, hwm_kib,
# build_dataplane_classpath (sets CP), start_upstream_nginx, start_proxy_nginx, one_route_config,
# start_dataplane, user_sys, measured_run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/causeway-bench.XXXXXX)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
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

# Netty 4.2 leaves sun.misc.Unsafe unused on Java 25+ unless the JVM allows it, and falls back to
# bounds-checked ByteBuffer access (java.nio.Buffer.session() alone was ~10 % of the event loop's
# samples). The flag exists from Java 23 on; older JVMs would refuse to start with it.
unsafe_opts() {
  if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}

need() { command -v "$1" >/dev/null || { echo "missing: $1" >&2; exit 2; }; }

wait_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 never opened" >&2; return 1
}

# utime+stime (clock ticks) of processes and their direct children; threads are included.
cpu_ticks() {
  local total=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
ticks_to_s() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
# Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS.
reset_hwm() { echo 5 > "/proc/$1/clear_refs"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# Compiles causeway-gateway (offline, no tests) and snapshots its classes into $WORK, so edits made
# to the tree while a benchmark runs cannot change what is measured. Sets CP.
build_dataplane_classpath() {
  local cp_file="$WORK/cp.txt"
  (cd "$ROOT" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -o -pl causeway-gateway -am package -Dmaven.test.skip=true \
    && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -o -pl causeway-gateway dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime) >/dev/null 2>&1 \
    || { echo "building causeway-gateway failed" >&2; exit 2; }
  cp -r "$ROOT/causeway-gateway/target/classes" "$WORK/classes"
  # Runtime jars only: without an SLF4J binding the access log is off, as in bench/proxy-bench.sh.
  CP="$WORK/classes:$WORK/launcher:$(tr ':' '\n' < "$cp_file" \
    | grep -vE 'logback|junit|assertj|awaitility|jmh|hamcrest|opentest4j|apiguardian|byte-buddy|jopt|commons-math' | paste -sd:)"
  # Compiled ahead: the source launcher would load javac into the data plane and inflate its RSS.
  "$JAVA_HOME/bin/javac" -d "$WORK/launcher" -cp "$CP" "$ROOT/bench/proxy/DataPlaneBench.java"
}

# start_upstream_nginx PORT EXTRA_LOCATIONS: 1 worker on CPU 0 serving $WORK; sets UP_PID.
start_upstream_nginx() {
  local port=$1 extra=${2:-}
  mkdir -p "$WORK/up"; chmod 755 "$WORK"
  cat > "$WORK/up/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/up/nginx.pid; error_log $WORK/up/error.log warn;
worker_rlimit_nofile 8192;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 120s; sendfile on;
  client_body_temp_path $WORK/up; proxy_temp_path $WORK/up; fastcgi_temp_path $WORK/up; uwsgi_temp_path $WORK/up; scgi_temp_path $WORK/up;
  server { listen 127.0.0.1:$port; root $WORK; $extra } }
CONF
  taskset -c 0 nginx -c "$WORK/up/nginx.conf" & UP_PID=$!
  PIDS+=("$UP_PID")
  wait_port "$port"
}

# start_dataplane NAME KONG_YAML PORT STATUS_PORT JVM_OPTS...: one event loop, CPU 1; sets DP_PID.
start_dataplane() {
  local name=$1 config=$2 port=$3 status=$4; shift 4
  taskset -c 1 "$JAVA_HOME/bin/java" "$@" $(unsafe_opts) --enable-native-access=ALL-UNNAMED -Dcauseway.eventLoops=1 \
    -cp "$CP" DataPlaneBench "$config" "$port" "$status" "$WORK/dp-$name" \
    > "$WORK/dp-$name.out" 2>&1 & DP_PID=$!
  PIDS+=("$DP_PID")
  wait_port "$port"
}

# start_proxy_nginx PORT UP_PORT: nginx as the reverse proxy to compare with (1 worker on CPU 1,
# keep-alive to the upstream with a pool of 128, HTTP/1.1 upstream); sets NGINX_PID.
start_proxy_nginx() {
  local port=$1 up=$2
  mkdir -p "$WORK/px"
  cat > "$WORK/px/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/px/nginx.pid; error_log $WORK/px/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  client_body_temp_path $WORK/px; proxy_temp_path $WORK/px; fastcgi_temp_path $WORK/px; uwsgi_temp_path $WORK/px; scgi_temp_path $WORK/px;
  upstream origin { server 127.0.0.1:$up; keepalive 128; }
  server { listen 127.0.0.1:$port;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
  taskset -c 1 nginx -c "$WORK/px/nginx.conf" & NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_port "$port"
}

# one_route_config UP_PORT: $WORK/kong.yaml, one service at 127.0.0.1:UP_PORT and one route for
# every path (no strip), as the peers' configurations.
one_route_config() {
  cat > "$WORK/kong.yaml" <<CONF
_format_version: "3.0"
services:
- name: origin
  url: http://127.0.0.1:$1
  routes:
  - name: all
    paths: ["/"]
    strip_path: false
CONF
}

# user_sys PID: "utime stime" of a process and its direct children, in clock ticks.
user_sys() {
  local u=0 s=0 p a b
  for p in "$1" $(pgrep -P "$1" || true); do
    read -r a b < <(awk '{print $14, $15}' "/proc/$p/stat"); u=$((u + a)); s=$((s + b))
  done
  echo "$u $s"
}

# measured_run PORT PID SECONDS: wrk -c50 on CPU 0 against PORT; prints "requests utime stime"
# (ticks of PID's process during the run); fails on non-2xx answers.
measured_run() {
  local u0 s0 u1 s1 out
  read -r u0 s0 < <(user_sys "$2")
  out=$(taskset -c 0 wrk -t1 -c50 -d"${3}s" "http://127.0.0.1:$1/1k.txt")
  read -r u1 s1 < <(user_sys "$2")
  if grep -q "Non-2xx" <<<"$out"; then echo "port $1: non-2xx responses" >&2; return 1; fi
  echo "$(awk '/requests in/ {print $1}' <<<"$out") $((u1 - u0)) $((s1 - s0))"
}

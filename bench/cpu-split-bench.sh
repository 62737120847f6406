#!/usr/bin/env bash
# Where a proxied request's CPU goes: user and kernel time per request, nginx as reverse proxy
# against the data plane, same upstream, alternating rounds after warm-up.
#
#   bench/cpu-split-bench.sh [DURATION_SECONDS=8] [ROUNDS=3]     # WARMUP_ROUNDS=6, BENCH_NICE
#
# Upstream nginx (1 worker) on CPU 0 serving a 1 KiB file; nginx as proxy (1 worker, keep-alive
# upstream pool, same config as proxy-bench.sh) and the data plane (one event loop) on CPU 1;
# wrk -t1 -c50 on CPU 0. utime and stime of each proxy (all threads) from /proc/PID/stat before
# and after each round, divided by the requests wrk completed.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
DURATION=${1:-8}; ROUNDS=${2:-3}; WARMUP_ROUNDS=${WARMUP_ROUNDS:-6}
JVM_OPTS=(${JVM_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC})
UP_PORT=18280; NGINX_PORT=18281; CW_PORT=18284; CW_STATUS=18285
need wrk; need nginx; need taskset
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
start_upstream_nginx $UP_PORT ''
one_route_config $UP_PORT
start_proxy_nginx $NGINX_PORT $UP_PORT
build_dataplane_classpath
start_dataplane split "$WORK/kong.yaml" $CW_PORT $CW_STATUS "${JVM_OPTS[@]}"; CW_PID=$DP_PID

for _ in $(seq 1 "$WARMUP_ROUNDS"); do
  taskset -c 0 wrk -t1 -c50 -d"${DURATION}s" "http://127.0.0.1:$CW_PORT/1k.txt" >/dev/null
  taskset -c 0 wrk -t1 -c50 -d3s "http://127.0.0.1:$NGINX_PORT/1k.txt" >/dev/null
done
echo "load before: $(uptime)"
echo "| round | proxy | requests | user µs/req | kernel µs/req | total µs/req |"
echo "|---|---|---|---|---|---|"
for k in $(seq 1 "$ROUNDS"); do
  for t in "nginx $NGINX_PORT $NGINX_PID" "causeway $CW_PORT $CW_PID"; do
    set -- $t
    read -r n u s < <(measured_run "$2" "$3" "$DURATION") && [ -n "$n" ] || { echo "$1: no result" >&2; exit 1; }
    awk -v k="$k" -v name="$1" -v n="$n" -v u="$u" -v s="$s" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { f = 1e6 / hz / n; printf "| %d | %s | %d | %.1f | %.1f | %.1f |\n", k, name, n, u * f, s * f, (u + s) * f }'
  done
done
echo "load after: $(uptime)"

#!/usr/bin/env bash
# Latency at the same offered load: nginx as reverse proxy against the data plane.
#
#   bench/latency-bench.sh [RATE_PER_SECOND=1000] [DURATION_SECONDS=15] [CONNECTIONS=50] [ROUNDS=2]
#
# wrk2 is not packaged for Debian 12, so the fixed rate comes from h2load (nghttp2-client) in
# HTTP/1.1 mode: --h1 -c CONNECTIONS --rps RATE/CONNECTIONS, keep-alive, one thread on CPU 0.
# Latencies are per request from h2load's --log-file (microseconds from request start to end of
# response), sorted here for p50/p90/p99/p99.9. Upstream: nginx serving a 1 KiB file (CPU 0). Both
# proxies run at once on CPU 1 (one worker / one event loop) and are measured alternately after
# warm-up; proxy CPU per request at this equal load comes from /proc/PID/stat.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RATE=${1:-1000}; DURATION=${2:-15}; CONNS=${3:-50}; ROUNDS=${4:-2}
JVM_OPTS=(${JVM_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC})
UP_PORT=18205; NGINX_PORT=18206; CW_PORT=18207; CW_STATUS=18208
need h2load; need nginx; need taskset
PER_CLIENT=$(( (RATE + CONNS - 1) / CONNS ))

head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
start_upstream_nginx $UP_PORT ''
start_proxy_nginx $NGINX_PORT $UP_PORT
one_route_config $UP_PORT
build_dataplane_classpath
start_dataplane latency "$WORK/kong.yaml" $CW_PORT $CW_STATUS "${JVM_OPTS[@]}"; CW_PID=$DP_PID
wait_port $NGINX_PORT

load() { # PORT SECONDS LOGFILE
  taskset -c 0 h2load --h1 -t1 -c"$CONNS" --rps="$PER_CLIENT" -D"$2" --log-file="$3" \
    "http://127.0.0.1:$1/1k.txt" > "$3.out" 2>&1
}
# WARMUP_ROUNDS (default 2): the JIT needs more of them when other jobs share the machine.
for _ in $(seq 1 "${WARMUP_ROUNDS:-2}"); do load $NGINX_PORT 5 "$WORK/warm.log"; load $CW_PORT 10 "$WORK/warm.log"; done

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
measure() { # NAME PORT PID ROUND
  local log="$WORK/$1-$4.log" before after
  before=$(cpu_ticks "$3"); load "$2" "$DURATION" "$log"; after=$(cpu_ticks "$3")
  awk -F'\t' -v name="$1 #$4" -v cpu="$(ticks_to_s $((after - before)))" -v d="$DURATION" '
    { n++; lat[n] = $3 / 1000; if ($2 != 200) bad++ }
    END {
      asort(lat)
      printf "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%.0f\t%d\n", name, n, n / d,
        lat[int(n * 0.50)], lat[int(n * 0.90)], lat[int(n * 0.99)], lat[int(n * 0.999)], cpu,
        (cpu > 0 ? n / cpu : 0), bad }' "$log" >> "$RESULTS"
  tail -1 "$RESULTS"
}
echo "load before: $(uptime)"
for k in $(seq 1 "$ROUNDS"); do
  measure nginx $NGINX_PORT $NGINX_PID "$k"
  measure causeway $CW_PORT $CW_PID "$k"
done
echo "load after: $(uptime)"
echo
echo "| proxy | requests | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | proxy CPU (s) | req per proxy CPU-s | non-200 |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$RESULTS"
echo "(offered ${RATE} req/s = ${CONNS} connections x ${PER_CLIENT} req/s, ${DURATION}s per round, JVM ${JVM_OPTS[*]}, work dir $WORK)"

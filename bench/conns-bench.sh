#!/usr/bin/env bash
# Data plane memory at 1,000 open keep-alive connections.
#
#   bench/conns-bench.sh [CONNECTIONS=1000] [HOLD_SECONDS=20] [BUSY_SECONDS=15]
#
# nginx (1 worker, CPU 0) serves a 1 KiB file; the data plane (one event loop, CPU 1) proxies it.
# Phase 1, idle: bench/proxy/ConnHolder.java opens CONNECTIONS keep-alive connections, one GET on
# each, holds them HOLD_SECONDS, then reuses each once (proves they stayed open). Phase 2, busy:
# wrk -c CONNECTIONS for BUSY_SECONDS. VmRSS of the data plane is sampled every 0.5 s during each
# phase (max reported) and open downstream connections are counted with ss. Run once per JVM
# setting in JVM_SETTINGS (';'-separated), each in a fresh data plane.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
CONNS=${1:-1000}; HOLD=${2:-20}; BUSY=${3:-15}
JVM_SETTINGS=${JVM_SETTINGS:--Xms512m -Xmx512m -XX:+UseParallelGC;-Xmx256m -XX:+UseParallelGC;-Xmx128m -XX:+UseSerialGC}
UP_PORT=18200; CW_PORT=18201; CW_STATUS=18202
need wrk; need nginx; need taskset; need ss

head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
start_upstream_nginx $UP_PORT ''
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
build_dataplane_classpath
"$JAVA_HOME/bin/javac" -d "$WORK/launcher" "$ROOT/bench/proxy/ConnHolder.java"

downstream_conns() { ss -Htn state established "( sport = :$CW_PORT )" | wc -l; }
sample_rss() { # PID OUTFILE: max VmRSS (KiB) while the sampler runs
  local max=0 v
  while [ -r "/proc/$1/status" ]; do
    v=$(rss_kib "$1"); [ "$v" -gt "$max" ] && { max=$v; echo "$max" > "$2"; }
    sleep 0.5
  done
}

echo "| JVM | RSS before | idle: max RSS | idle: open conns | idle: reused | busy: req/s | busy: max RSS | busy: open conns | RSS after |"
echo "|---|---|---|---|---|---|---|---|---|"
IFS=';' read -r -a settings <<<"$JVM_SETTINGS"
for setting in "${settings[@]}"; do
  read -r -a opts <<<"$setting"
  start_dataplane conns "$WORK/kong.yaml" $CW_PORT $CW_STATUS "${opts[@]}"
  # Warm-up with few connections so JIT compilation is not part of the 1,000-connection numbers.
  taskset -c 0 wrk -t1 -c50 -d5s "http://127.0.0.1:$CW_PORT/1k.txt" >/dev/null
  before=$(rss_kib "$DP_PID")

  sample_rss "$DP_PID" "$WORK/idle.max" & SAMPLER=$!
  taskset -c 0 "$JAVA_HOME/bin/java" -Xmx64m -cp "$WORK/launcher" ConnHolder $CW_PORT /1k.txt "$CONNS" "$HOLD" \
    > "$WORK/holder.out" 2>&1 & HOLDER=$!
  for _ in $(seq 1 600); do grep -q holding "$WORK/holder.out" && break; sleep 0.1; done
  sleep $((HOLD / 2)); idle_conns=$(downstream_conns)
  wait "$HOLDER" || { cat "$WORK/holder.out" >&2; exit 1; }
  kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
  reused=$(awk '/reused/ {print $2}' "$WORK/holder.out")

  sample_rss "$DP_PID" "$WORK/busy.max" & SAMPLER=$!
  taskset -c 0 wrk -t1 -c"$CONNS" -d"${BUSY}s" "http://127.0.0.1:$CW_PORT/1k.txt" > "$WORK/wrk.out" & WRK=$!
  sleep $((BUSY / 2)); busy_conns=$(downstream_conns)
  wait "$WRK"; kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "busy phase: non-2xx responses" >&2; cat "$WORK/wrk.out" >&2; fi
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  errors=$(awk '/Socket errors/ {print}' "$WORK/wrk.out")
  echo "| \`$setting\` | $(mib "$before") | $(mib "$(cat "$WORK/idle.max")") | $idle_conns | $reused | $rps | $(mib "$(cat "$WORK/busy.max")") | $busy_conns | $(mib "$(rss_kib "$DP_PID")") |"
  [ -n "$errors" ] && echo "  wrk: $errors"
  kill "$DP_PID"; wait "$DP_PID" 2>/dev/null || true
  sleep 1
done
echo "(RSS in MiB; $CONNS connections, hold ${HOLD}s, busy ${BUSY}s; load $(uptime | sed 's/.*load/load/'); work dir $WORK)"

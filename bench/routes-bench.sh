#!/usr/bin/env bash
# Routes scaling: the data plane with 10 routes against 10,000 routes, side by side in one run.
#
#   bench/routes-bench.sh [DURATION_SECONDS=10] [CONNECTIONS=50] [ROUNDS=2]
#
# Half of the routes match an exact host plus a prefix path (hosts h<i>.bench.test, paths
# /api/r<i>), the other half a prefix path only (/path/r<i>); all point at one nginx upstream
# (1 worker, CPU 0) that answers every path with a 1 KiB file. Two data planes (one event loop each,
# CPU 1) start from the two files; wrk (CPU 0, bench/routes/spread.lua) spreads requests over all
# routes of the file under test. Measured rounds alternate 10 / 10,000 after warm-up rounds, and
# each reports requests/s, p50/p99 and requests per proxy CPU-second (from /proc/PID/stat).
# Diagnostic: TOUCHED=M adds a round per round against the 10,000-route table that requests only M
# routes spread over it (table size without the spread of per-route state).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
DURATION=${1:-10}; CONNS=${2:-50}; ROUNDS=${3:-2}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
JVM_OPTS=(${JVM_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC})
UP_PORT=18190; SMALL_PORT=18191; SMALL_STATUS=18192; LARGE_PORT=18193; LARGE_STATUS=18194
need wrk; need nginx; need taskset

head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
start_upstream_nginx $UP_PORT 'location / { try_files /1k.txt =404; }'

kong_file() { # N FILE
  awk -v n="$1" -v port=$UP_PORT 'BEGIN {
    print "_format_version: \"3.0\"\nservices:\n- name: origin\n  url: http://127.0.0.1:" port "\n  routes:"
    for (r = 0; r < n; r++) {
      if (r < n / 2) printf "  - name: r%d\n    hosts: [\"h%d.bench.test\"]\n    paths: [\"/api/r%d\"]\n    strip_path: false\n", r, r, r
      else printf "  - name: r%d\n    paths: [\"/path/r%d\"]\n    strip_path: false\n", r, r
    } }' > "$2"
}
kong_file 10 "$WORK/routes-10.yaml"
kong_file 10000 "$WORK/routes-10000.yaml"

build_dataplane_classpath
start_dataplane small "$WORK/routes-10.yaml" $SMALL_PORT $SMALL_STATUS "${JVM_OPTS[@]}"; SMALL_PID=$DP_PID
start_dataplane large "$WORK/routes-10000.yaml" $LARGE_PORT $LARGE_STATUS "${JVM_OPTS[@]}"; LARGE_PID=$DP_PID

# Every route must answer 200 (a 404 would mean the router missed it).
check_routes() { # N PORT
  local r code half=$(($1 / 2))
  for r in 0 $((half - 1)) $half $(($1 - 1)); do
    if [ "$r" -lt "$half" ]; then code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: h$r.bench.test" "http://127.0.0.1:$2/api/r$r/1k.txt")
    else code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/path/r$r/1k.txt"); fi
    [ "$code" = 200 ] || { echo "route r$r of $1 answered $code" >&2; exit 1; }
  done
}
check_routes 10 $SMALL_PORT; check_routes 10000 $LARGE_PORT

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
wrk_routes() { # N PORT DURATION [TOUCHED]
  taskset -c 0 wrk -t1 -c"$CONNS" -d"$3s" --latency -s "$ROOT/bench/routes/spread.lua" \
    "http://127.0.0.1:$2" -- "$1" $(($1 / 2)) ${4:-}
}
run_round() { # LABEL N PORT PID [TOUCHED]
  local before after out rps p50 p99 cpu
  before=$(cpu_ticks "$4"); out=$(wrk_routes "$2" "$3" "$DURATION" "${5:-}"); after=$(cpu_ticks "$4")
  if grep -q "Non-2xx" <<<"$out"; then echo "$1: non-2xx responses" >&2; echo "$out" >&2; exit 1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  cpu=$(ticks_to_s $((after - before)))
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99" "$cpu" >> "$RESULTS"
  echo "$1: $rps req/s, p50 $p50, p99 $p99, proxy CPU ${cpu}s"
}

for _ in $(seq 1 "$WARMUP_ROUNDS"); do
  wrk_routes 10 $SMALL_PORT "$DURATION" >/dev/null; wrk_routes 10000 $LARGE_PORT "$DURATION" >/dev/null
done
echo "load before: $(uptime)"
for k in $(seq 1 "$ROUNDS"); do
  run_round "10 routes #$k" 10 $SMALL_PORT $SMALL_PID
  run_round "10000 routes #$k" 10000 $LARGE_PORT $LARGE_PID
  if [ -n "${TOUCHED:-}" ]; then
    run_round "10000 routes, $TOUCHED requested #$k" 10000 $LARGE_PORT $LARGE_PID "$TOUCHED"
  fi
done
echo "load after: $(uptime)"
echo "data plane RSS: 10 routes $(mib "$(rss_kib $SMALL_PID)") MiB, 10000 routes $(mib "$(rss_kib $LARGE_PID)") MiB"

echo
awk -F'\t' -v d="$DURATION" '
  { per = ($5 > 0 ? $2 * d / $5 : 0); n = ($1 ~ /^10 routes/ ? "small" : ($1 ~ /requested/ ? "touched" : "large"))
    rps[n] += $2; cpu[n] += $5; reqs[n] += $2 * d
    printf "| %s | %s | %s | %s | %s | %.0f |\n", $1, $2, $3, $4, $5, per }
  BEGIN { print "| table | req/s | p50 | p99 | proxy CPU (s) | req per proxy CPU-s |\n|---|---|---|---|---|---|" }
  END {
    printf "\n10,000 vs 10 routes (sums over rounds): req/s %.2f, req per proxy CPU-s %.2f\n",
      rps["large"] / rps["small"], (reqs["large"] / cpu["large"]) / (reqs["small"] / cpu["small"])
    if (cpu["touched"] > 0) printf "10,000 routes with few requested vs 10 routes: req per proxy CPU-s %.2f\n",
      (reqs["touched"] / cpu["touched"]) / (reqs["small"] / cpu["small"]) }' "$RESULTS"
echo "(duration ${DURATION}s, ${CONNS} connections, ${ROUNDS} rounds, JVM ${JVM_OPTS[*]}, work dir $WORK)"

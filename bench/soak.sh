#!/usr/bin/env bash
# Soak: CONNECTIONS keep-alive connections through the data plane for DURATION seconds while its
# routes change every second (the declarative file is rewritten and the data plane gets SIGHUP,
# as with `causeway data-plane --config`). Records errors by type, latency percentiles, and RSS
# and old-generation heap every 10 s (flat = no leak).
#
#   bench/soak.sh [DURATION_SECONDS=600] [CONNECTIONS=1000] [CHURN_ROUTES=200]
#
# Do not start it under nohup: SIGHUP would be ignored by the data plane too (use setsid).
#
# nginx (1 worker, CPU 0) serves a 1 KiB file; the data plane (one event loop, CPU 1, -Xmx256m)
# proxies it; wrk (2 threads, CPU 0) keeps CONNECTIONS connections busy. Each second's file has a
# route on "/" whose name and service alternate (origin-a / origin-b, same nginx), so every
# request is routed by the configuration of that second, plus CHURN_ROUTES routes with fresh
# names, paths and hosts, so each reload builds a new router. Results go to stdout; raw files
# stay in the work directory printed at the end.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
DURATION=${1:-600}; CONNS=${2:-1000}; CHURN=${3:-200}
UP_PORT=18300; CW_PORT=18301; CW_STATUS=18302
need wrk; need nginx; need taskset; need ss
ulimit -n 65536 2>/dev/null || true

head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
start_upstream_nginx $UP_PORT ''

write_config() { # GEN: the configuration of generation GEN, replaced atomically
  local gen=$1 svc route i
  if [ $((gen % 2)) -eq 0 ]; then svc=origin-a; route=main-even; else svc=origin-b; route=main-odd; fi
  {
    echo '_format_version: "3.0"'
    echo 'services:'
    for s in origin-a origin-b; do
      echo "- name: $s"
      echo "  url: http://127.0.0.1:$UP_PORT"
      echo "  routes:"
      if [ "$s" = "$svc" ]; then
        echo "  - name: $route"
        echo '    paths: ["/"]'
        echo '    strip_path: false'
      fi
      if [ "$s" = origin-b ]; then
        awk -v gen="$gen" -v n="$CHURN" 'BEGIN {
          for (i = 1; i <= n; i++)
            printf "  - name: churn-%d-%d\n    hosts: [\"h%d.gen%d.example\"]\n    paths: [\"/churn/%d/%d\"]\n", gen, i, i, gen, gen, i }'
      fi
    done
  } > "$WORK/kong.yaml.tmp"
  mv "$WORK/kong.yaml.tmp" "$WORK/kong.yaml"
}

build_dataplane_classpath
"$JAVA_HOME/bin/javac" -d "$WORK/launcher" -cp "$CP" "$ROOT/bench/proxy/SoakDataPlane.java" 2>/dev/null
write_config 0
taskset -c 1 "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseParallelGC $(unsafe_opts) --enable-native-access=ALL-UNNAMED \
  -Dcauseway.eventLoops=1 -cp "$CP" SoakDataPlane "$WORK/kong.yaml" $CW_PORT $CW_STATUS "$WORK/dp" \
  > "$WORK/dp.out" 2>&1 & DP_PID=$!
PIDS+=("$DP_PID")
wait_port $CW_PORT
# Warm-up with few connections so JIT compilation is not part of the numbers.
taskset -c 0 wrk -t1 -c50 -d10s "http://127.0.0.1:$CW_PORT/1k.txt" >/dev/null

echo "seconds,rss_mib,old_gen_used_mib,downstream_conns,reloads_applied" > "$WORK/samples.csv"
sample() { # ELAPSED
  local old
  old=$("$JAVA_HOME/bin/jstat" -gc "$DP_PID" 2>/dev/null | awk 'NR==2 {print $8}') || old=0
  echo "$1,$(mib "$(rss_kib "$DP_PID")"),$(awk -v k="${old:-0}" 'BEGIN {printf "%.1f", k / 1024}'),$(ss -Htn state established "( sport = :$CW_PORT )" | wc -l),$(grep -c 'reload applied' "$WORK/dp.out" || true)" >> "$WORK/samples.csv"
}

taskset -c 0 wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency "http://127.0.0.1:$CW_PORT/1k.txt" \
  > "$WORK/wrk.out" 2>&1 & WRK=$!
PIDS+=("$WRK")
start=$(date +%s); gen=0; next_sample=0
live_after_gc() { # LABEL: a full GC, then the old generation still in use = the live set
  "$JAVA_HOME/bin/jcmd" "$DP_PID" GC.run >/dev/null 2>&1 || true
  echo "$1,$(mib "$(rss_kib "$DP_PID")"),$("$JAVA_HOME/bin/jstat" -gc "$DP_PID" | awk 'NR==2 {printf "%.1f", $8 / 1024}')" >> "$WORK/live.csv"
}
echo "when,rss_mib,old_gen_live_mib" > "$WORK/live.csv"
(mid_done=0
while kill -0 "$WRK" 2>/dev/null; do # samples in the background: jstat takes a while
  elapsed=$(( $(date +%s) - start ))
  if [ "$elapsed" -ge "$next_sample" ]; then sample "$elapsed"; next_sample=$((next_sample + 10)); fi
  if [ "$mid_done" -eq 0 ] && [ "$elapsed" -ge $((DURATION / 2)) ]; then live_after_gc "mid-run (${elapsed}s)"; mid_done=1; fi
  sleep 1
done) & SAMPLER=$!
tick=$(date +%s.%N)
while kill -0 "$WRK" 2>/dev/null; do
  gen=$((gen + 1))
  write_config "$gen"
  kill -HUP "$DP_PID"
  if [ "$gen" -eq 5 ] && ! grep -q 'reload applied' "$WORK/dp.out"; then
    echo "the data plane does not reload on SIGHUP (was this started under nohup, which ignores it?)" >&2
    exit 1
  fi
  # One new configuration per wall-clock second, whatever writing the file took.
  tick=$(awk -v t="$tick" 'BEGIN {printf "%.3f", t + 1}')
  pause=$(awk -v t="$tick" -v now="$(date +%s.%N)" 'BEGIN {d = t - now; printf "%.3f", (d > 0 ? d : 0)}')
  sleep "$pause"
done
wait "$SAMPLER" 2>/dev/null || true
wait "$WRK" || true
sample "$(( $(date +%s) - start ))"
live_after_gc "end ($(( $(date +%s) - start ))s)"

applied=$(grep -c 'reload applied' "$WORK/dp.out" || true)
rejected=$(grep -c 'reload rejected' "$WORK/dp.out" || true)
echo "## soak: $CONNS connections, ${DURATION}s, a new configuration every second ($CHURN churn routes)"
echo
echo '```'
cat "$WORK/wrk.out"
echo '```'
echo
echo "- reloads: $gen sent, $applied applied, $rejected rejected"
errors=$(grep -E 'Socket errors|Non-2xx' "$WORK/wrk.out" | sed 's/^ *//' | tr '\n' ';' || true)
echo "- errors by type (wrk): ${errors:-none (no connect/read/write/timeout socket errors, no non-2xx responses)}"
awk -F, 'NR == 1 {next} {n++; rss[n] = $2; old[n] = $3; t[n] = $1}
  END {
    w = 1; for (i = 1; i <= n; i++) if (t[i] >= 60) { w = i; break }
    max = 0; for (i = w; i <= n; i++) if (rss[i] > max) max = rss[i]
    printf "- RSS: %.1f MiB at %ds (after warm-up), %.1f MiB at the end (%ds), max %.1f MiB since warm-up\n", rss[w], t[w], rss[n], t[n], max
    printf "- old generation used: %.1f MiB at %ds, %.1f MiB at the end\n", old[w], t[w], old[n]
  }' "$WORK/samples.csv"
awk -F, 'NR > 1 {printf "- after a full GC, %s: RSS %s MiB, old generation live %s MiB\n", $1, $2, $3}' "$WORK/live.csv"
echo "- samples every 10 s: $WORK/samples.csv; load during the run: $(uptime | sed 's/.*load/load/')"
echo "- work dir: $WORK"

#!/usr/bin/env bash
# Two data-plane builds or JVM settings against each other, with nginx as the yardstick: user,
# kernel and total CPU per request for each, in turn, round after round, then medians.
#
#   bench/ab-bench.sh [DURATION_SECONDS=6] [ROUNDS=4]      # JVMS=3 launches, WARM=2 warm-up rounds each
#   JOPTS_B="-Dcauseway.transport=..." bench/ab-bench.sh  # B: the same classes, other JVM options
#   CLASSES_B=/tmp/base/causeway-gateway/target/classes bench/ab-bench.sh   # B: another build
#
# A is this tree (JOPTS_A adds JVM options). A change of a few per cent in the data plane's own
# CPU is below what one run can show on a shared 2-vCPU guest (its speed drifts 10-20 % between
# minutes); nginx, A and B measured in turn over many rounds, and the medians of each one's cost
# and of its per-round ratio to nginx, can. Each data plane is launched JVMS times (ROUNDS rounds
# per launch): one JVM's JIT output can be 10-20 % better or worse than the next one's for the
# same classes, steadily for its whole life, so rounds of a single launch compare two compilations
# rather than two builds. Upstream nginx and wrk -c50 on CPU 0, the proxies on CPU 1 (as
# bench/cpu-split-bench.sh); binds 127.0.0.1:18380-18387.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
DURATION=${1:-6}; ROUNDS=${2:-4}; WARM=${WARM:-2}; JVMS=${JVMS:-3}
UP_PORT=18380; NGINX_PORT=18381; A_PORT=18384; A_STATUS=18385; B_PORT=18386; B_STATUS=18387
JVM_OPTS=(-Xms512m -Xmx512m -XX:+UseParallelGC)
need wrk; need nginx; need taskset; need python3
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/1k.txt"; chmod 644 "$WORK/1k.txt"
# As bench/proxy-bench.sh's upstream: without sendfile nginx writes head and body at once, so a
# response usually reaches the proxy in one read (UPSTREAM_EXTRA='' keeps common.sh's sendfile).
start_upstream_nginx $UP_PORT "${UPSTREAM_EXTRA-sendfile off;}"
one_route_config $UP_PORT
start_proxy_nginx $NGINX_PORT $UP_PORT
build_dataplane_classpath
CP_A=$CP
CP_B=$CP
if [ -n "${CLASSES_B:-}" ]; then CP_B="$CLASSES_B:${CP#*:}"; fi

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for g in $(seq 1 "$JVMS"); do
  CP=$CP_A start_dataplane a "$WORK/kong.yaml" $A_PORT $A_STATUS "${JVM_OPTS[@]}" ${JOPTS_A:-}; A_PID=$DP_PID
  CP=$CP_B start_dataplane b "$WORK/kong.yaml" $B_PORT $B_STATUS "${JVM_OPTS[@]}" ${JOPTS_B:-}; B_PID=$DP_PID
  for _ in $(seq 1 "$WARM"); do
    for port in $A_PORT $B_PORT; do taskset -c 0 wrk -t1 -c50 -d"${DURATION}s" "http://127.0.0.1:$port/1k.txt" >/dev/null; done
  done
  for k in $(seq 1 "$ROUNDS"); do
    for t in "nginx $NGINX_PORT $NGINX_PID" "A $A_PORT $A_PID" "B $B_PORT $B_PID"; do
      set -- $t
      read -r n u s < <(measured_run "$2" "$3" "$DURATION") && [ -n "$n" ] || { echo "$1: no result" >&2; exit 1; }
      echo "$g.$k $1 $n $u $s" | tee -a "$WORK/rows"
    done
  done
  kill "$A_PID" "$B_PID"; wait "$A_PID" "$B_PID" 2>/dev/null || true
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/rows" "$(getconf CLK_TCK)" <<'PY'
import sys, statistics as st
hz = int(sys.argv[2]); by = {}
for line in open(sys.argv[1]):
    k, name, n, u, s = line.split()
    by.setdefault(name, {})[k] = (int(n), int(u) * 1e6 / hz, int(s) * 1e6 / hz)
def ratio(name, k):
    n, u, s = by[name][k]; m = by["nginx"][k]
    return (m[1] + m[2]) / m[0] / ((u + s) / n)
print("| build | user µs/req | kernel µs/req | total µs/req | vs nginx per CPU-s (median, range) | per launch: user µs/req |")
print("|---|---|---|---|---|---|")
for name in ("nginx", "A", "B"):
    rounds = by[name]
    us = [u / n for n, u, s in rounds.values()]; ks = [s / n for n, u, s in rounds.values()]
    rs = [ratio(name, k) for k in rounds]
    gens = sorted({k.split(".")[0] for k in rounds}, key=int)
    per = " / ".join(f"{st.median([u / n for kk, (n, u, s) in rounds.items() if kk.split('.')[0] == g]):.2f}" for g in gens)
    print(f"| {name} | {st.median(us):.2f} | {st.median(ks):.2f} | {st.median([a + b for a, b in zip(us, ks)]):.2f}"
          f" | {st.median(rs):.3f} ({min(rs):.3f}-{max(rs):.3f}) | {per} |")
PY

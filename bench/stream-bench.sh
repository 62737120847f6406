#!/usr/bin/env bash
# Streaming with bounded memory: a 1 GiB download and a 1 GiB upload through the data plane.
#
#   bench/stream-bench.sh [SIZE_MIB=1024]      # JVM_OPTS='-Xmx256m' by default
#
# Download: nginx (CPU 0) serves a sparse file of SIZE_MIB. Upload: bench/proxy/SinkServer.java
# (CPU 0) reads and discards the body. The data plane (one event loop, CPU 1, small heap) proxies
# both; curl (CPU 0) drives one transfer at a time: download, upload with Content-Length (curl -T
# FILE, which also sends Expect: 100-continue), upload chunked (curl -T - from /dev/zero). Before each
# transfer the data plane's peak RSS is reset (/proc/PID/clear_refs); after it VmHWM is that
# transfer's peak. The byte count on the far side is checked.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
SIZE_MIB=${1:-1024}
JVM_OPTS=(${JVM_OPTS:--Xmx256m -XX:+UseParallelGC})
UP_PORT=18195; SINK_PORT=18196; CW_PORT=18197; CW_STATUS=18198
need curl; need nginx; need taskset
BYTES=$((SIZE_MIB * 1024 * 1024))

truncate -s "$BYTES" "$WORK/big.bin"; chmod 644 "$WORK/big.bin"
start_upstream_nginx $UP_PORT 'location / { }'
taskset -c 0 "$JAVA_HOME/bin/java" -Xmx64m "$ROOT/bench/proxy/SinkServer.java" $SINK_PORT > "$WORK/sink.out" 2>&1 &
PIDS+=($!)
cat > "$WORK/kong.yaml" <<CONF
_format_version: "3.0"
services:
- name: files
  url: http://127.0.0.1:$UP_PORT
  routes:
  - name: download
    paths: ["/big.bin"]
    strip_path: false
- name: sink
  url: http://127.0.0.1:$SINK_PORT
  read_timeout: 600000
  write_timeout: 600000
  routes:
  - name: upload
    paths: ["/upload"]
CONF
build_dataplane_classpath
start_dataplane stream "$WORK/kong.yaml" $CW_PORT $CW_STATUS "${JVM_OPTS[@]}"
wait_port $SINK_PORT
# Warm the paths once with small transfers so class loading is not counted in the first peak.
curl -sf -o /dev/null -r 0-1048575 "http://127.0.0.1:$CW_PORT/big.bin"
head -c 1048576 /dev/zero | curl -sf -o /dev/null -T - "http://127.0.0.1:$CW_PORT/upload"
echo "load: $(uptime)"
echo "data plane after warm-up: VmRSS $(mib "$(rss_kib "$DP_PID")") MiB, VmHWM $(mib "$(hwm_kib "$DP_PID")") MiB"

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
transfer() { # LABEL curl-args...
  local label=$1; shift
  local start end out code bytes secs
  reset_hwm "$DP_PID"
  start=$(date +%s.%N)
  out=$(taskset -c 0 curl -s --max-time 900 "$@")
  end=$(date +%s.%N)
  code=${out##* }; bytes=$(grep -oE '[0-9]+' <<<"$out" | head -1)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$code" "$bytes" "$secs" \
    "$(awk -v b="$BYTES" -v s="$secs" 'BEGIN {printf "%.0f", b / 1048576 / s}')" \
    "$(mib "$(hwm_kib "$DP_PID")")" >> "$RESULTS"
  tail -1 "$RESULTS"
}
# Download: curl reports the bytes it received. Uploads: the sink's answer carries its byte count.
transfer download -o /dev/null -w '%{size_download} %{http_code}' "http://127.0.0.1:$CW_PORT/big.bin"
transfer "upload, content-length" -w ' %{http_code}' -T "$WORK/big.bin" "http://127.0.0.1:$CW_PORT/upload"
transfer "upload, chunked" -w ' %{http_code}' -T - "http://127.0.0.1:$CW_PORT/upload" < <(head -c "$BYTES" /dev/zero)

echo
echo "| transfer | status | bytes at the far end | seconds | MiB/s | data plane peak RSS (MiB) |"
echo "|---|---|---|---|---|---|"
ok=1
while IFS=$'\t' read -r label code bytes secs rate hwm; do
  echo "| $label | $code | $bytes | $secs | $rate | $hwm |"
  [ "$code" = 200 ] && [ "$bytes" = "$BYTES" ] || ok=0
done < "$RESULTS"
echo "(size ${SIZE_MIB} MiB, JVM ${JVM_OPTS[*]}, work dir $WORK)"
[ "$ok" = 1 ] && echo "all transfers complete" || { echo "SOME TRANSFERS FAILED OR WERE SHORT"; exit 1; }

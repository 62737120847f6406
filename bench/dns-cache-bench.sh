#!/usr/bin/env bash
# JMH benchmark of a warm lookup through the DNS forwarding resolver (causeway-gateway's
# DnsCacheBenchmark). Needs dnsmasq (Debian's dnsmasq-base) and JDK 21+.
# Usage: bench/dns-cache-bench.sh [extra JMH options, e.g. -f 1 -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
module=causeway-gateway
out="$module/target/jmh"

./mvnw -B -q -pl "$module" test-compile
cp_file="$module/target/jmh-classpath.txt"
./mvnw -B -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$cp_file"
cp="$module/target/classes:$module/target/test-classes:$(cat "$cp_file")"

# JMH's generator runs on the benchmark source here rather than in the module build, so the
# normal test compile stays free of annotation processing.
rm -rf "$out" && mkdir -p "$out/classes" "$out/generated"
"$JAVA_HOME/bin/javac" -proc:full -cp "$cp" -d "$out/classes" -s "$out/generated" \
  -processor org.openjdk.jmh.generators.BenchmarkProcessor \
  "$module/src/test/java/io/causeway/gateway/DnsCacheBenchmark.java"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$out/classes:$cp" \
  org.openjdk.jmh.Main DnsCacheBenchmark "$@"

#!/usr/bin/env bash
# JMH benchmark of one router lookup with 10 and 10,000 routes (causeway-gateway's
# RouterScaleBenchmark), the in-process counterpart of bench/routes-bench.sh. JDK 21+.
# Usage: bench/router-bench.sh [extra JMH options; default -f 1 -wi 3 -w 2s -i 5 -r 2s]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
module=causeway-gateway
out="$module/target/jmh-router"

./mvnw -B -q -o -pl "$module" test-compile
cp_file="$module/target/jmh-router-classpath.txt"
./mvnw -B -q -o -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$cp_file"
cp="$module/target/classes:$module/target/test-classes:$(cat "$cp_file")"

# JMH's generator runs here rather than in the module build, as in bench/dns-cache-bench.sh.
rm -rf "$out" && mkdir -p "$out/classes" "$out/generated"
"$JAVA_HOME/bin/javac" -proc:full -cp "$cp" -d "$out/classes" -s "$out/generated" \
  -processor org.openjdk.jmh.generators.BenchmarkProcessor \
  "$module/src/test/java/io/causeway/gateway/RouterScaleBenchmark.java"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s
fi
exec taskset -c 1 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$out/classes:$cp" \
  org.openjdk.jmh.Main RouterScaleBenchmark "$@"

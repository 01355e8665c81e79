#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the JMH suite with short settings, then prints each of our
# benchmarks as a ratio against the bare-library baseline measured in the same run.
#   bench/run-jmh.sh                    every benchmark
#   bench/run-jmh.sh TokenBenchmark     only those matching a pattern (any JMH arguments may follow)
#   JMH_OPTS="-f 2 -wi 5 -i 10" bench/run-jmh.sh   longer, steadier settings
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/jdk.sh
source "$ROOT/bench/jdk.sh"
export JAVA_HOME="$(find_jdk)"
echo "JDK: $JAVA_HOME"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    mvn -B -q -f "$ROOT/pom.xml" -pl bench -am package -DskipTests
fi

JAR="$ROOT/bench/target/benchmarks.jar"
RESULT="$ROOT/bench/target/jmh-result.json"
read -r -a settings <<< "${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 3s}"
quiet=()
if (( $(java_major "$JAVA_HOME") >= 23 )); then
    # JMH reads fields through sun.misc.Unsafe, which JDK 23+ warns about; forks inherit the flag
    quiet=(--sun-misc-unsafe-memory-access=allow)
fi
"$JAVA_HOME/bin/java" "${quiet[@]}" -jar "$JAR" "${settings[@]}" -rf json -rff "$RESULT" "$@"

echo
"$JAVA_HOME/bin/java" -cp "$JAR" dev.gatehouse.bench.JmhSummary "$RESULT"
echo "Raw results: $RESULT"

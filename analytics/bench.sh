#!/usr/bin/env bash
# Analytics benchmark: sink throughput into DuckDB and report times over a generated outcome log.
# Usage: analytics/bench.sh [report-outcomes=10000000] [outcomes-per-run=1000000] [runs=3] [workdir=analytics/target/analytics-bench]
# Builds the reactor's classes (no install), then runs the benchmark program on the test classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl analytics -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
# A private copy of the classes, so a rebuild while the benchmark runs cannot change them under it.
work="${4:-analytics/target/analytics-bench}"
mkdir -p "$work"
rm -rf "$work/classes" "$work/test-classes"
cp -r analytics/target/classes analytics/target/test-classes "$work/"
exec java -Xmx2g -cp "$work/test-classes:$work/classes:$(cat analytics/target/classpath.txt)" \
    io.herald.analytics.bench.AnalyticsBenchmark "${1:-10000000}" "${2:-1000000}" "${3:-3}" "$work"

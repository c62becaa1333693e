#!/usr/bin/env bash
# Analytics benchmark: sink throughput into DuckDB and report times over a generated outcome log.
# Usage: analytics/bench.sh [report-outcomes=10000000] [outcomes-per-run=1000000] [runs=3] [workdir=analytics/target/analytics-bench]
#        analytics/bench.sh reports-only FILE     (the report times on an existing file)
# Builds the reactor's classes (no install), then runs the benchmark program on the test classpath. The output
# (with the load average before every figure) is also written to WORKDIR/results-<UTC time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl analytics -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
if [[ "${1:-}" == reports-only ]]; then
    work="$(dirname "${2:?reports-only FILE}")"
    args=(reports-only "$2")
else
    work="${4:-analytics/target/analytics-bench}"
    args=("${1:-10000000}" "${2:-1000000}" "${3:-3}" "$work")
fi
# A private copy of the classes, so a rebuild while the benchmark runs cannot change them under it.
mkdir -p "$work"
rm -rf "$work/classes" "$work/test-classes"
cp -r analytics/target/classes analytics/target/test-classes "$work/"
results="$work/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
{ echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, uptime: $(uptime)"; git log -1 --format='# commit %h %s'; } | tee "$results"
java -Xmx2g -cp "$work/test-classes:$work/classes:$(cat analytics/target/classpath.txt)" \
    io.herald.analytics.bench.AnalyticsBenchmark "${args[@]}" 2>&1 | tee -a "$results"
echo "# finished $(date -u '+%Y-%m-%d %H:%M UTC'), uptime: $(uptime)" | tee -a "$results"

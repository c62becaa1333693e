#!/usr/bin/env bash
# Ingest load benchmark: embedded broker + the real IngestApp, loaded by wrk (Debian package; installed
# here if missing) or, with BENCH_CLIENT=java, by the Java closed-loop generator in the same JVM.
# Usage: ingest-service/bench.sh [seconds=20] [connections=32] [threads=2]
# BENCH_WARMUP=<seconds> (default 3): the warm-up before the measured run. C2 still takes a quarter of the CPU 40 s
# after start on two cores; a longer warm-up measures closer to a long-running service.
# BENCH_INSTANCES=2: two IngestApp instances on the one broker (same JVM), each loaded by its own wrk process with
# half the connections and threads; the accepted rates add up, each wrk reports its own latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-20}; CONNECTIONS=${2:-32}; THREADS=${3:-2}
mvn -q -o -pl ingest-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="ingest-service/target/test-classes:ingest-service/target/classes:schemas/target/classes:devkit/target/classes:$(cat ingest-service/target/bench-classpath.txt)"
JAVA=(java -Xmx512m ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=ingest-service/src/test/resources/logback-bench.xml -cp "$CP" io.herald.ingest.IngestBenchmark)
if [ "${BENCH_CLIENT:-wrk}" = java ]; then exec "${JAVA[@]}" "$SECONDS_RUN" "$CONNECTIONS" 5; fi
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
FIFO=$(mktemp -u); mkfifo "$FIFO"; LOG=ingest-service/target/bench-server.log
# The server runs until its stdin (the fifo) closes.
"${JAVA[@]}" 0 < "$FIFO" > "$LOG" 2>&1 & SERVER=$!
exec 3> "$FIFO"
trap 'exec 3>&-; wait $SERVER || true; rm -f "$FIFO"; grep -E "server\+broker|measured window" "$LOG" || true' EXIT
for _ in $(seq 1 120); do grep -q '^READY' "$LOG" && break; sleep 1; done
URLS=$(grep '^READY' "$LOG" | awk '{print $2}')
[ -n "$URLS" ] || { echo "server did not start; see $LOG"; exit 1; }
IFS=, read -r -a TARGETS <<< "$URLS"
N=${#TARGETS[@]}
WARM=()
for URL in "${TARGETS[@]}"; do   # warm-up (JIT)
  wrk -t1 -c"$(( CONNECTIONS / N ))" -d"${BENCH_WARMUP:-3}s" -s ingest-service/src/test/resources/bench-post.lua "$URL" >/dev/null & WARM+=($!)
done
wait "${WARM[@]}"
echo mark >&3   # the server's second CPU figure starts here, after the warm-up
if [ "$N" -eq 1 ]; then
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s ingest-service/src/test/resources/bench-post.lua "${TARGETS[0]}"
else
  PIDS=()
  for i in "${!TARGETS[@]}"; do
    wrk -t"$(( (THREADS + N - 1) / N ))" -c"$(( CONNECTIONS / N ))" -d"${SECONDS_RUN}s" --latency \
        -s ingest-service/src/test/resources/bench-post.lua "${TARGETS[$i]}" > "ingest-service/target/bench-wrk-$i.txt" & PIDS+=($!)
  done
  wait "${PIDS[@]}"
  for i in "${!TARGETS[@]}"; do echo "== instance $((i + 1)): ${TARGETS[$i]}"; cat "ingest-service/target/bench-wrk-$i.txt"; done
  awk '/Requests\/sec/ {sum += $2; n++} END {printf "total accepted req/s over %d instances: %.0f\n", n, sum}' ingest-service/target/bench-wrk-*.txt
fi

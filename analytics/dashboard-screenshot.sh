#!/usr/bin/env bash
# The dashboard screenshots in docs/img, taken during a drill: runs `herald drill exchange-outage --local` (its own
# stack on free ports), watches the dashboard's data and photographs the page with headless Chromium twice:
#   docs/img/dashboard-outage.png  while the mail providers are DOWN and the parked backlog grows;
#   docs/img/dashboard.png         once the providers recovered and the parked backlog is released in waves.
# Usage: analytics/dashboard-screenshot.sh [drill options, e.g. --duration 60s --rate 8]
# The release waves are slowed to one a minute (HERALD_AUTO_REPLAY_WAVES=25%/1m unless set), so that each wave is
# its own point on the per-minute charts, and the page shows the last 15 minutes (?window=15) rather than the hour.
# Needs Debian's chromium (/usr/bin/chromium) and python3. Builds with the reactor (nothing installed into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
img=docs/img
mkdir -p "$img"
echo "building (reactor, no install)..." >&2
mvn -B -ntp -q -pl compose -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt > /dev/null
work="$(mktemp -d /tmp/herald-dashboard-shot-XXXXXX)"
export HERALD_AUTO_REPLAY_WAVES="${HERALD_AUTO_REPLAY_WAVES:-25%/1m}"
export HERALD_AUTO_REPLAY_DEFERRAL_WINDOW="${HERALD_AUTO_REPLAY_DEFERRAL_WINDOW:-20s}"
HERALD_SKIP_BUILD=1 bin/herald drill exchange-outage --local --report-dir "$work/drills" --duration 60s --rate 8 \
    --drain-timeout 8m "$@" \
    > "$work/drill.log" 2> "$work/drill.err" &
drill=$!
echo "drill running (pid $drill), log $work/drill.log" >&2

url=""
for _ in $(seq 1 600); do
    url="$(sed -n 's/^Dashboard \(http[^ ]*\)\/dashboard$/\1/p' "$work/drill.log" | head -1)"
    [ -n "$url" ] && break
    kill -0 "$drill" 2>/dev/null || { cat "$work/drill.log" "$work/drill.err" >&2; echo "the drill ended before its stack was up" >&2; exit 1; }
    sleep 1
done
[ -n "$url" ] || { echo "no dashboard URL within 10 minutes" >&2; exit 1; }
echo "dashboard at $url/dashboard" >&2

shot() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage --no-first-run \
        --user-data-dir="$work/chromium" --window-size=1700,1500 --virtual-time-budget=15000 \
        --screenshot="$1" "$url/dashboard?window=15" 2> "$work/chromium.log"
    echo "wrote $1 ($(date -u +%H:%M:%S))" >&2
}

# phase: "outage" while a mail provider is DOWN with a parked backlog; "waves" once three waves (minutes with
# releases) are out, or the whole backlog.
phase() {
    curl -sf "$url/v1/analytics/dashboard" | python3 -c '
import json, sys
d = json.load(sys.stdin)
def rows(t): return [dict(zip(d[t]["columns"], r)) for r in d[t]["rows"]]
down = [p for p in rows("providers") if p["provider_id"].startswith("smtp") and p["state"] == "DOWN"]
parked = rows("parked")
total_parked = sum(r["parked"] for r in parked)
released = sum(r["released"] for r in parked)
backlog = parked[-1]["backlog"] if parked else 0
if down and backlog > 0 and released == 0: print("outage")
elif total_parked > 0 and not down and (sum(1 for r in parked if r["released"] > 0) >= 3 or (released > 0 and backlog == 0)): print("waves")
else: print("wait")
' 2>/dev/null || echo wait
}

took_outage=0
for _ in $(seq 1 900); do
    kill -0 "$drill" 2>/dev/null || break
    p="$(phase)"
    if [ "$p" = outage ] && [ "$took_outage" = 0 ]; then
        shot "$img/dashboard-outage.png"; took_outage=1
    elif [ "$p" = waves ]; then
        shot "$img/dashboard.png"; break
    fi
    sleep 2
done
echo "waiting for the drill to finish..." >&2
wait "$drill" && rc=0 || rc=$?
cat "$work/drill.log"
echo "drill exit code $rc; report under $work/drills" >&2

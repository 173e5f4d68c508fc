#!/usr/bin/env bash
# HTTP throughput: wrk (2 threads, 32 connections) against /api/ask with the evaluation questions
# and, in the same run, against /api/health; /api/ask again under 256 connections (latency, errors and
# the server's resident memory after it, with the launcher's default heap cap); then the in-process
# throughput of ask at 32 concurrent askers. 127.0.0.1 only, bounded in time.
# Usage: bench/http.sh [CORPUS_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-corpus}
seconds=${2:-20}
command -v wrk >/dev/null || { echo "bench/http.sh needs wrk: apt-get install wrk" >&2; exit 3; }
. bin/jdk.sh && find_jdk
bin/askdocs index --corpus "$corpus" --index target/bench-index >/dev/null
python3 - <<'PY' > bench/questions.txt
import json
for s in ("seeds", "avs", "well-architected"):
    for line in open(f"eval/{s}.jsonl"):
        print(json.loads(line)["question"])
PY
log=$(mktemp)
bin/askdocs serve --corpus "$corpus" --index target/bench-index --port 0 --watch 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q 'serving' "$log" && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log")
wrk -t2 -c32 -d10s -s bench/http.lua "$url" >/dev/null   # warm-up: let the JIT compile the hot paths
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }   # the server's CPU time so far, in clock ticks
c0=$(cpu)
ask=$(wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency -s bench/http.lua "$url")
c1=$(cpu)
health=$(wrk -t2 -c32 -d"${seconds}s" --latency "$url/api/health")
load=$(wrk -t2 -c256 -d"${seconds}s" --timeout 10s --latency -s bench/http.lua "$url")
rss=$(ps -o rss= -p "$server" | tr -d ' ')
kill $server; wait $server 2>/dev/null || true; trap - EXIT
inproc=$("$JDK_HOME/bin/java" -cp app/target/askdocs.jar bench/QueryBench.java "$corpus" target/bench-index 32 "$seconds" 2>/dev/null | grep throughput)
rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
pct() { echo "$1" | awk -v p="$2" '$1 == p {print $2}'; }
errors() { echo "$1" | grep -E 'Non-2xx|Socket errors' || echo "none"; }
echo "/api/ask:    $(rps "$ask") req/s, p50 $(pct "$ask" 50%), p99 $(pct "$ask" 99%), errors: $(errors "$ask")"
echo "/api/health: $(rps "$health") req/s, p50 $(pct "$health" 50%), p99 $(pct "$health" 99%), errors: $(errors "$health")"
echo "/api/ask, 256 connections: $(rps "$load") req/s, p50 $(pct "$load" 50%), p99 $(pct "$load" 99%) (goal <= 2s), errors: $(errors "$load")"
# Per CPU second as well: wrk shares the two cores with the server, and other work may too, so the
# work each answer costs is the steadier comparison (the in-process figure is measured after, alone).
requests=$(echo "$ask" | awk '/requests in/ {print $1}')
percpu=$(awk -v r="$requests" -v t="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", r / (t / hz)}')
echo "/api/ask per CPU second of the server: $percpu"
echo "$inproc"
inrps=$(echo "$inproc" | awk '{print $(NF-1)}')
incpu=$(echo "$inproc" | awk '{for (i = 1; i < NF; i++) if ($(i+1) == "asks" && $(i+2) == "per") print $i}')
awk -v a="$(rps "$ask")" -v h="$(rps "$health")" -v i="$inrps" -v p="$percpu" -v ic="$incpu" 'BEGIN {printf "ratios: /api/ask vs /api/health %.3f; /api/ask vs in-process %.2f, per CPU second %.2f (goal >= 0.70)\n", a/h, a/i, p/ic}'
echo "server resident memory after 256 connections: $((rss / 1024)) MB (goal <= 768)"

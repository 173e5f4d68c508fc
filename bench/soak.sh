#!/usr/bin/env bash
# Soak: wrk with 64 connections asking mixed questions for MINUTES while a corpus file changes every
# 10 s (so the server re-indexes in the background the whole time). Reports errors, throughput, and
# the server's heap and resident memory before and after. 127.0.0.1 only, bounded in time.
# Usage: bench/soak.sh [MINUTES] [CORPUS_DIR]; ASKDOCS_SERVE_ARGS adds options to `serve`, e.g.
# ASKDOCS_SERVE_ARGS="--backend opensearch --opensearch-url http://127.0.0.1:9241" to soak the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
source_corpus=${2:-../shared/corpora/well-architected}
command -v wrk >/dev/null || { echo "bench/soak.sh needs wrk: apt-get install wrk" >&2; exit 3; }
. bin/jdk.sh && find_jdk
work=$(mktemp -d)
cp -r "$source_corpus" "$work/corpus"
python3 - <<'PY' > bench/questions.txt
import json
for s in ("seeds", "avs", "well-architected"):
    for line in open(f"eval/{s}.jsonl"):
        print(json.loads(line)["question"])
PY
log="$work/server.log"
# shellcheck disable=SC2086  # the extra options are words
bin/askdocs serve --corpus "$work/corpus" --index "$work/index" --port 0 --watch 2 ${ASKDOCS_SERVE_ARGS:-} >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do grep -q 'serving' "$log" && break; sleep 0.2; done
url=$(grep 'serving' "$log" | grep -o 'http://127.0.0.1:[0-9]*' | head -1)
heap() { "$JDK_HOME/bin/jcmd" "$server" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}'; }
rss() { echo $(( $(ps -o rss= -p "$server") / 1024 ))MB; }
wrk -t2 -c64 -d10s -s bench/http.lua "$url" >/dev/null   # warm-up
"$JDK_HOME/bin/jcmd" "$server" GC.run >/dev/null 2>&1 || true
before="heap $(heap), resident $(rss)"
file=$(find "$work/corpus" -name '*.md' | sort | head -1)
(
  end=$((SECONDS + minutes * 60))
  n=0
  while [ $SECONDS -lt $end ]; do
    sleep 10
    n=$((n + 1))
    printf '\n\n## Soak change %d\n\nThe soak test changed this file, round %d.\n' "$n" "$n" >> "$file"
  done
) &
changer=$!
result=$(wrk -t2 -c64 -d"${minutes}m" --timeout 10s --latency -s bench/http.lua "$url")
wait $changer
"$JDK_HOME/bin/jcmd" "$server" GC.run >/dev/null 2>&1 || true
after="heap $(heap), resident $(rss)"
reindexed=$(grep -c 'corpus changed' "$log" || true)
echo "$result" | grep -E 'requests in|Requests/sec|Non-2xx|Socket errors|50%|99%' || true
echo "errors: $(echo "$result" | grep -E 'Non-2xx|Socket errors' || echo none)"
echo "re-indexed while serving: $reindexed times"
echo "before: $before; after: $after"

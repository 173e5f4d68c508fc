#!/usr/bin/env bash
# The OpenSearch backend next to the embedded one (bench/ClusterBench.java) on a local 3-node
# cluster started for the run and stopped after it. Usage: bench/cluster.sh [CORPUS] [THREADS SECONDS]
# (default: the Well-Architected corpus, 8 threads, 10 s, 3 shards). All on this one machine: the cluster's
# three nodes, askdocs and the load share its cores, so the figures show the cost of the cluster's
# machinery, not what a cluster of real machines would serve.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh && find_jdk
corpus=${1:-../shared/corpora/well-architected}
threads=${2:-8}
seconds=${3:-10}
shards=${4:-3}
[ -f app/target/askdocs.jar ] && [ -f cluster/target/classpath.txt ] || ./mvnw -B -ntp -q package -DskipTests
dir=$(mktemp -d)
fifo="$dir/commands"
mkfifo "$fifo"
"$JDK_HOME/bin/java" -Xmx768m -cp "$(cat cluster/target/classpath.txt):cluster/target/classes" org.askdocs.cluster.LocalCluster \
  --name "askdocs-bench-$$" --port 9250 --nodes 3 --dir "$dir/data" <"$fifo" >"$dir/out" 2>"$dir/log" &
cluster=$!
exec 3>"$fifo"   # keeps the cluster's stdin open; closing it stops the cluster
trap 'exec 3>&-; wait $cluster 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 120); do grep -q '^ready' "$dir/out" 2>/dev/null && break; sleep 1; done
grep -q '^ready' "$dir/out" || { echo "the cluster did not start; see its log:" >&2; tail -20 "$dir/log" >&2; exit 1; }
urls=$(sed -n 's/^ready //p' "$dir/out")
"$JDK_HOME/bin/java" --add-modules jdk.incubator.vector -cp app/target/askdocs.jar bench/ClusterBench.java \
  "$corpus" "$urls" "$threads" "$seconds" "$shards" 2> >(grep -v -e WARNING -e 'vector' >&2)

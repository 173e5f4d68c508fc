#!/usr/bin/env bash
# One-shot command-line latency: `bin/askdocs ask` (answered by the helper process the first ask
# starts) and the same command in process (ASKDOCS_HELPER=off), next to `java -version` of the same
# JDK, measured side by side by hyperfine. Usage: bench/cli.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
command -v hyperfine >/dev/null || { echo "bench/cli.sh needs hyperfine: apt-get install hyperfine" >&2; exit 3; }
. bin/jdk.sh && find_jdk
bin/askdocs ask "who handles patching" >/dev/null   # builds the jar, the index and the AOT cache; starts the helper
for _ in $(seq 1 150); do   # the helper is ready when it answers (the client exits 100 until then)
  rc=0; "$JDK_HOME/bin/java" -Daskdocs.home="$PWD" -cp app/target/askdocs.jar org.askdocs.daemon.Client ask "who handles patching" >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 100 ] && break
  sleep 0.2
done
out=$(mktemp)
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out" \
  "$JDK_HOME/bin/java -version" \
  "bin/askdocs ask 'who handles patching'" \
  "env ASKDOCS_HELPER=off bin/askdocs ask 'who handles patching'" >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
java, ask, inproc = r[0], r[1], r[2]
print(f"java -version: mean {java['mean']*1000:.0f} ms (min {java['min']*1000:.0f})")
print(f"bin/askdocs ask (helper): mean {ask['mean']*1000:.0f} ms (min {ask['min']*1000:.0f}); ratio {ask['mean']/java['mean']:.2f} (goal <= 4)")
print(f"bin/askdocs ask (in process): mean {inproc['mean']*1000:.0f} ms (min {inproc['min']*1000:.0f}); ratio {inproc['mean']/java['mean']:.2f}")
PY
rm -f "$out"

#!/usr/bin/env bash
# One-shot command-line latency: `bin/askdocs ask` next to `java -version` of the same JDK, measured
# side by side by hyperfine. Usage: bench/cli.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
command -v hyperfine >/dev/null || { echo "bench/cli.sh needs hyperfine: apt-get install hyperfine" >&2; exit 3; }
. bin/jdk.sh && find_jdk
bin/askdocs ask "who handles patching" >/dev/null   # builds the jar, the index and the class-data archive
out=$(mktemp)
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out" \
  "$JDK_HOME/bin/java -version" \
  "bin/askdocs ask 'who handles patching'" >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
java, ask = r[0], r[1]
print(f"java -version: mean {java['mean']*1000:.0f} ms (min {java['min']*1000:.0f})")
print(f"bin/askdocs ask: mean {ask['mean']*1000:.0f} ms (min {ask['min']*1000:.0f})")
print(f"ratio {ask['mean']/java['mean']:.2f} (goal <= 4)")
PY

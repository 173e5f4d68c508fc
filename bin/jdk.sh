# Finds a JDK of version 21 or newer: JAVA_HOME first, then `java` on PATH, then the newest under
# /usr/lib/jvm. Sourced by bin/askdocs and bin/test; sets JDK_HOME, or says in one line what to install.

jdk_major() { # $1: a JDK home; prints its major version
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

usable_jdk() { # $1: a JDK home; true when it is a full JDK of version 21 or newer
  local m
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  m=$(jdk_major "$1")
  [ -n "$m" ] && [ "$m" -ge 21 ]
}

find_jdk() {
  local c m best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && usable_jdk "$JAVA_HOME"; then JDK_HOME="$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if usable_jdk "$c"; then JDK_HOME="$c"; return 0; fi
  fi
  for c in /usr/lib/jvm/*; do
    usable_jdk "$c" || continue
    m=$(jdk_major "$c")
    if [ "$m" -gt "$best_major" ]; then best="$c"; best_major="$m"; fi
  done
  if [ -z "$best" ]; then
    echo "askdocs: needs a JDK 21 or newer (none in JAVA_HOME, on PATH or under /usr/lib/jvm); install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME" >&2
    return 1
  fi
  JDK_HOME="$best"
}

# Sourced by the bench scripts: finds a JDK 21+ (JAVA_HOME when it is one, else the newest in /usr/lib/jvm).

java_major() {
    local home="$1" v=""
    if [[ -f "$home/release" ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [[ -z "$v" && -x "$home/bin/java" ]]; then
        v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    v=${v#1.}
    v=${v%%[.+-]*}
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_jdk() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
        echo "$JAVA_HOME"
        return 0
    fi
    local best="" best_version=0 dir v
    for dir in /usr/lib/jvm/*; do
        [[ -x "$dir/bin/javac" ]] || continue
        v=$(java_major "$dir")
        if (( v > best_version )); then
            best="$dir"
            best_version=$v
        fi
    done
    if (( best_version < 21 )); then
        echo "no JDK 21 or newer found: set JAVA_HOME to one" >&2
        return 1
    fi
    echo "$best"
}

#!/usr/bin/env bash
# Runs a Kafka main class on the jars in /opt/kafka/libs, honouring the usual launcher variables
# (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS, KAFKA_JMX_OPTS).
# Usage: kafka-run-class.sh [-daemon] [-name NAME] [-loggc] <main class> [args...]
set -euo pipefail
KAFKA_HOME="${KAFKA_HOME_DIR:-/opt/kafka}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon | -loggc) shift ;;          # accepted for compatibility; the container runs in the foreground
    -name) shift 2 ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: $0 <main class> [args...]" >&2; exit 2; }
# Short-lived tools: a small heap and quiet logging (to stderr) unless the caller says otherwise.
: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$KAFKA_HOME/config/tools-log4j2.properties}"
# shellcheck disable=SC2086 # the *_OPTS variables are lists of JVM flags
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_JMX_OPTS:-} ${KAFKA_OPTS:-} $KAFKA_LOG4J_OPTS \
  -cp "$KAFKA_HOME/libs/*" "$@"

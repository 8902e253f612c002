#!/usr/bin/env bash
# Starts the broker/controller in the foreground: kafka-server-start.sh <server.properties> [--override k=v ...]
set -euo pipefail
[[ "${1:-}" == "-daemon" ]] && shift   # the container runs in the foreground
[[ $# -ge 1 ]] || { echo "usage: $0 server.properties [--override property=value]*" >&2; exit 2; }
KAFKA_HOME="${KAFKA_HOME_DIR:-/opt/kafka}"
: "${KAFKA_HEAP_OPTS:=-Xmx1G -Xms1G}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$KAFKA_HOME/config/log4j2.properties}"
export KAFKA_HEAP_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_LOG4J_OPTS
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"

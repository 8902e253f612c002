#!/usr/bin/env bash
# Makes `docker compose` (Compose v2, the CLI plugin) available; docker-compose.yml and its e2e test need it.
#
#   1. `docker compose version` reports 2.x (Docker Desktop, docker-ce with docker-compose-plugin): nothing to do.
#   2. A plugin built earlier by this script is in .local/compose/bin: link it into the CLI plugins folder.
#   3. Else build it from its Go module, github.com/docker/compose/v2 at COMPOSE_VERSION, with the local Go
#      toolchain (about 2.5 minutes on 2 cores with an empty module cache), then link it.
#
# Why build: Debian bookworm packages only Compose v1 (`docker-compose` 1.29, Python), which cannot parse
# this project's compose file (it rejects the Compose Specification's top-level `name:`);
# the v2 plugin is not packaged there, and machines without internet cannot download its release binary,
# but they do reach the Go module proxy. `go install` refuses the module (its go.mod has exclude
# directives), so the module source is copied and built with `go build`.
#
# Idempotent: once the plugin answers, a second run only reports its version.
#
# Environment:
#   COMPOSE_VERSION  module version to build (default v2.40.3)
#   DOCKER_CONFIG    Docker's config folder (default ~/.docker); the plugin is linked into its cli-plugins/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COMPOSE_VERSION="${COMPOSE_VERSION:-v2.40.3}"
COMPOSE_MODULE=github.com/docker/compose/v2
STATE_DIR="$ROOT/.local/compose"
BINARY="$STATE_DIR/bin/docker-compose"
STAMP="$STATE_DIR/bin/.version"
PLUGINS_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

log() { printf '[ensure-compose] %s\n' "$*"; }
die() { printf '[ensure-compose] ERROR: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "no docker client on PATH: run tools/docker/ensure-docker.sh first"

compose_v2() { # -> the version docker compose reports, if it is 2.x
  local version
  version="$(docker compose version --short 2>/dev/null || true)"
  [[ "$version" =~ ^v?2\. ]] && printf '%s' "$version"
}

if version="$(compose_v2)"; then
  log "docker compose $version answers: nothing to do"
  exit 0
fi

link_plugin() {
  mkdir -p "$PLUGINS_DIR"
  ln -sfn "$BINARY" "$PLUGINS_DIR/docker-compose"
}

if [[ -x "$BINARY" && -f "$STAMP" && "$(cat "$STAMP")" == "$COMPOSE_VERSION" ]]; then
  log "reusing ${BINARY#"$ROOT"/} ($COMPOSE_VERSION)"
else
  command -v go >/dev/null 2>&1 || die "docker compose v2 is not available and Go is not installed to build it.
Install the Compose plugin (https://docs.docker.com/compose/install/linux/) or Go (apt-get install golang-go,
or https://go.dev/dl/), then run this script again."
  mkdir -p "$STATE_DIR/bin" "$STATE_DIR/logs"
  buildlog="$STATE_DIR/logs/build.log"
  log "building $COMPOSE_MODULE@$COMPOSE_VERSION with $(go version | cut -d' ' -f3) (log: ${buildlog#"$ROOT"/})"
  started=$SECONDS
  # The toolchain on the machine builds it; never a downloaded one.
  export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
  source_dir="$(go mod download -json "$COMPOSE_MODULE@$COMPOSE_VERSION" 2>>"$buildlog" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$source_dir" && -d "$source_dir" ]] \
    || { tail -n 20 "$buildlog" >&2; die "go mod download $COMPOSE_MODULE@$COMPOSE_VERSION failed"; }
  # The module cache is read-only; build from a writable copy.
  work="$STATE_DIR/src"
  rm -rf "$work" && cp -R "$source_dir" "$work" && chmod -R u+w "$work"
  if ! (cd "$work" && go build -trimpath \
    -ldflags "-s -w -X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION" \
    -o "$BINARY.tmp" ./cmd) >>"$buildlog" 2>&1; then
    tail -n 30 "$buildlog" >&2
    die "go build of docker compose failed (full log: $buildlog)"
  fi
  mv "$BINARY.tmp" "$BINARY"
  printf '%s' "$COMPOSE_VERSION" >"$STAMP"
  rm -rf "$work"
  log "built in $((SECONDS - started))s"
fi

link_plugin
version="$(compose_v2)" || die "linked $BINARY into $PLUGINS_DIR, but 'docker compose version' does not report 2.x"
log "docker compose $version (plugin: $PLUGINS_DIR/docker-compose -> ${BINARY#"$ROOT"/})"

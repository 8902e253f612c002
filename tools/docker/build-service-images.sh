#!/usr/bin/env bash
# Builds the services' images from their Dockerfiles (services/<name>/Dockerfile, context = repository root):
#
#   streamkit/<name>:local   used by docker-compose.yml and the compose e2e test
#
# Skips a service whose image is up to date: every image carries a label with a hash of what its build reads
# (the Dockerfile, .dockerignore, the root package files, libs/, contracts/, the service's folder, tracked or not, as
# git sees them; plus the Node base image id and the build args). Same hash -> nothing to do.
#
# Base image: docker.io/library/node:${NODE_VERSION}-${DEBIAN_SUITE}-slim from versions.env; when it is missing, build-images.sh
# pulls it or builds its local stand-in first. Builds use the classic builder when the client has no buildx
# (Debian's engine), so the Dockerfiles use nothing BuildKit-only.
#
# Machines whose HTTPS goes through a TLS-intercepting proxy: the PEM certificates in EXTRA_CA_CERTS_FILE
# (default: /usr/local/share/ca-certificates/*.crt, where Debian keeps locally added CAs) are passed to the
# build stage as the EXTRA_CA_CERTS build arg, so npm inside the build trusts the same CAs as the host. They
# never reach the final image.
#
# Usage: tools/docker/build-service-images.sh [service ...]   (default: every service with a Dockerfile)
# Environment:
#   SERVICE_IMAGE_PREFIX  image name prefix (default streamkit/)
#   SERVICE_IMAGE_TAG     image tag (default: E2E_IMAGE_TAG, the tag the e2e tests run, else local)
#   FORCE=1               build even when the image is up to date
#   EXTRA_CA_CERTS_FILE   PEM file(s) to trust in the build stage, colon-separated (see above)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LOG_DIR="$ROOT/.local/docker/logs"
PREFIX="${SERVICE_IMAGE_PREFIX:-streamkit/}"
TAG="${SERVICE_IMAGE_TAG:-${E2E_IMAGE_TAG:-local}}"
HASH_LABEL=org.streamkit.source-hash

log() { printf '[build-service-images] %s\n' "$*"; }
die() { printf '[build-service-images] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=read-version.sh
source "$HERE/read-version.sh"
NODE_VERSION="$(read_version NODE_VERSION)"
DEBIAN_SUITE="$(read_version DEBIAN_SUITE)"
# What the Dockerfiles' FROM resolves to with their default NODE_IMAGE (build-images.sh tags its stand-in so).
NODE_IMAGE="docker.io/library/node:${NODE_VERSION}-${DEBIAN_SUITE}-slim"

cd "$ROOT"
mkdir -p "$LOG_DIR"
START=$SECONDS

if [[ $# -gt 0 ]]; then
  SERVICES=("$@")
else
  SERVICES=()
  for dockerfile in services/*/Dockerfile; do
    [[ -f "$dockerfile" ]] && SERVICES+=("$(basename "$(dirname "$dockerfile")")")
  done
fi
((${#SERVICES[@]} > 0)) || die "no services/*/Dockerfile found"
for service in "${SERVICES[@]}"; do
  [[ -f "services/$service/Dockerfile" ]] || die "services/$service/Dockerfile does not exist"
done

docker info >/dev/null 2>&1 || bash "$HERE/ensure-docker.sh"
if ! docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
  log "$NODE_IMAGE is missing: running build-images.sh"
  bash "$HERE/build-images.sh"
fi
docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 || die "$NODE_IMAGE is still missing after build-images.sh"
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi

extra_ca_certs() { # -> PEM text (possibly empty)
  local files=()
  if [[ -n "${EXTRA_CA_CERTS_FILE:-}" ]]; then
    IFS=: read -r -a files <<<"$EXTRA_CA_CERTS_FILE"
  else
    shopt -s nullglob
    files=(/usr/local/share/ca-certificates/*.crt)
    shopt -u nullglob
  fi
  local file
  for file in ${files[@]+"${files[@]}"}; do
    [[ -r "$file" ]] || die "EXTRA_CA_CERTS_FILE: $file is not readable"
    cat "$file"
    echo
  done
}
EXTRA_CA_CERTS="$(extra_ca_certs)"

# What a service's build reads, hashed: file names and contents as the working tree has them (tracked and
# untracked files, not git-ignored ones such as node_modules/ and dist/), the base image and the build args.
# One sha256sum for all the files (one per file took seconds), its lines rewritten to `<hash> <file>`.
source_hash() { # <service>
  local service="$1"
  {
    git ls-files -z --cached --others --exclude-standard -- \
      package.json package-lock.json .npmrc tsconfig.base.json .dockerignore libs contracts "services/$service" \
      | sort -zu \
      | while IFS= read -r -d '' file; do if [[ -f "$file" ]]; then printf '%s\0' "$file"; fi; done \
      | xargs -0 -r sha256sum -- \
      | sed 's/^\([0-9a-f]\{64\}\)  /\1 /'
    docker image inspect --format '{{.Id}}' "$NODE_IMAGE"
    printf 'NODE_VERSION=%s DEBIAN_SUITE=%s\n' "$NODE_VERSION" "$DEBIAN_SUITE"
  } | sha256sum | cut -c1-64
}

size_of() {
  local bytes
  bytes="$(docker image inspect --format '{{.Size}}' "$1" 2>/dev/null)" || { printf -- '-'; return; }
  numfmt --to=si --suffix=B --format=%.1f "$bytes" 2>/dev/null || printf '%s bytes' "$bytes"
}

ACTIONS=()
for service in "${SERVICES[@]}"; do
  image="${PREFIX}${service}:${TAG}"
  hash="$(source_hash "$service")"
  current="$(docker image inspect --format "{{index .Config.Labels \"$HASH_LABEL\"}}" "$image" 2>/dev/null || true)"
  if [[ "$current" == "$hash" && "${FORCE:-}" != "1" ]]; then
    log "$image: up to date (sources unchanged), skipping"
    ACTIONS+=("up to date")
    continue
  fi
  logfile="$LOG_DIR/service-image-$service.log"
  log "$image: docker build -f services/$service/Dockerfile . (log: ${logfile#"$ROOT"/})"
  started=$SECONDS
  if ! docker build -f "services/$service/Dockerfile" -t "$image" \
    --label "$HASH_LABEL=$hash" \
    --build-arg NODE_VERSION="$NODE_VERSION" --build-arg DEBIAN_SUITE="$DEBIAN_SUITE" \
    --build-arg EXTRA_CA_CERTS="$EXTRA_CA_CERTS" \
    . >"$logfile" 2>&1; then
    echo "---- last lines of $logfile ----" >&2
    tail -n 40 "$logfile" >&2 || true
    die "docker build of $image failed (full log: $logfile)"
  fi
  ACTIONS+=("built in $((SECONDS - started))s")
done

echo
printf '%-32s %-22s %s\n' IMAGE ACTION SIZE
for i in "${!SERVICES[@]}"; do
  image="${PREFIX}${SERVICES[$i]}:${TAG}"
  printf '%-32s %-22s %s\n' "$image" "${ACTIONS[$i]}" "$(size_of "$image")"
done
echo
log "done in $((SECONDS - START))s"

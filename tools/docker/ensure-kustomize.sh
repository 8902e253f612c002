#!/usr/bin/env bash
# Makes something that renders kustomizations available to the manifest tests (test/manifests/):
#
#   1. kubectl >= 1.27 on PATH (kustomize v5 built in): nothing to do; the tests use `kubectl kustomize`.
#   2. Else a kustomize built earlier by this script in .local/kustomize/bin: nothing to do.
#   3. Else build kustomize from its Go module (sigs.k8s.io/kustomize/kustomize/v5 at KUSTOMIZE_VERSION) with
#      the local Go toolchain into .local/kustomize/bin, where the tests look for it.
#
# Debian's kubernetes-client is too old (its kubectl embeds kustomize v3, which cannot render components).
#
# Environment:
#   KUSTOMIZE_VERSION  module version to build (default v5.5.0, the one kubectl 1.32 embeds)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.5.0}"
BIN_DIR="$ROOT/.local/kustomize/bin"
STAMP="$BIN_DIR/.version"

log() { printf '[ensure-kustomize] %s\n' "$*"; }
die() { printf '[ensure-kustomize] ERROR: %s\n' "$*" >&2; exit 1; }

kubectl_minor() { # -> the client's minor version, if kubectl answers
  kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1
}

minor="$(command -v kubectl >/dev/null 2>&1 && kubectl_minor || true)"
if [[ -n "$minor" && "$minor" -ge 27 ]]; then
  log "kubectl 1.$minor renders kustomizations: nothing to do"
  exit 0
fi
if [[ -x "$BIN_DIR/kustomize" && -f "$STAMP" && "$(cat "$STAMP")" == "$KUSTOMIZE_VERSION" ]]; then
  log "${BIN_DIR#"$ROOT"/}/kustomize $KUSTOMIZE_VERSION is there: nothing to do"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "neither kubectl >= 1.27 nor Go (to build kustomize) is installed.
Install kubectl (https://kubernetes.io/docs/tasks/tools/) or Go (apt-get install golang-go), then run this again."
mkdir -p "$BIN_DIR" "$ROOT/.local/kustomize/logs"
buildlog="$ROOT/.local/kustomize/logs/build.log"
log "building sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION with $(go version | cut -d' ' -f3) (log: ${buildlog#"$ROOT"/})"
started=$SECONDS
if ! GOTOOLCHAIN=local GOBIN="$BIN_DIR" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >"$buildlog" 2>&1; then
  tail -n 30 "$buildlog" >&2
  die "go install of kustomize failed (full log: $buildlog)"
fi
printf '%s' "$KUSTOMIZE_VERSION" >"$STAMP"
log "built $("$BIN_DIR/kustomize" version 2>/dev/null || echo kustomize) in $((SECONDS - started))s"

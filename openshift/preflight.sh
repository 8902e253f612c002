#!/usr/bin/env bash
# Before the first `oc apply -k`: does this cluster, and the user `oc` is logged in as, have what strimzi/ and
# openshift/ need? One PASS / WARN / FAIL line per check, then a summary; exits 1 if anything failed.
#
#   bash openshift/preflight.sh [dev|prod]      (default dev; from anywhere in the checkout)
#
# Read-only: it asks the API (whoami, version, get, auth can-i) and changes nothing. Needs only `oc`, logged in.
# Checks: the OpenShift/Kubernetes version, the project of the environment, the Strimzi operator (the v1 API
# and its version), a default StorageClass, the right to create every kind the overlays create, and
# (a warning only) the role the optional monitoring components need.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ENVIRONMENT="${1:-dev}"

# OpenShift 4.14 is Kubernetes 1.27: the StatefulSet's persistentVolumeClaimRetentionPolicy is on by default
# from there. OpenShift 4.x runs Kubernetes 1.(x+13).
MIN_KUBERNETES_MINOR=27
# What `oc apply -k` creates in the namespace (strimzi/ and openshift/ overlays; a test keeps this in step).
RESOURCES=(
  kafkas.kafka.strimzi.io
  kafkanodepools.kafka.strimzi.io
  kafkatopics.kafka.strimzi.io
  kafkausers.kafka.strimzi.io
  configmaps
  services
  deployments.apps
  statefulsets.apps
  horizontalpodautoscalers.autoscaling
  poddisruptionbudgets.policy
  networkpolicies.networking.k8s.io
  routes.route.openshift.io
  buildconfigs.build.openshift.io
  imagestreams.image.openshift.io
)

FAILED=0
WARNED=0
pass() { printf 'PASS  %s\n' "$*"; }
warn() { printf 'WARN  %s\n' "$*"; WARNED=$((WARNED + 1)); }
fail() { printf 'FAIL  %s\n' "$*"; FAILED=$((FAILED + 1)); }
summary() {
  printf 'result: %d failed, %d warning%s\n' "$FAILED" "$WARNED" "$( ((WARNED == 1)) || echo s)"
  exit $((FAILED > 0 ? 1 : 0))
}
die() { printf 'preflight: %s\n' "$*" >&2; exit 2; }
# version_ge A B: A >= B for dotted versions.
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }
# The `namespace:` of a kustomization.
namespace_of() { sed -n 's/^namespace:[[:space:]]*\([^[:space:]#]*\).*$/\1/p' "$1" | head -n 1; }

[[ "$ENVIRONMENT" == dev || "$ENVIRONMENT" == prod ]] || die "usage: $0 [dev|prod]"
command -v oc >/dev/null 2>&1 || die "oc is not on PATH"
# shellcheck source=../tools/docker/read-version.sh
source "$ROOT/tools/docker/read-version.sh"
STRIMZI_VERSION="$(read_version STRIMZI_VERSION)"
NAMESPACE="$(namespace_of "$ROOT/openshift/overlays/$ENVIRONMENT/kustomization.yaml")"
[[ -n "$NAMESPACE" ]] || die "openshift/overlays/$ENVIRONMENT sets no namespace"

echo "preflight: strimzi/overlays/$ENVIRONMENT and openshift/overlays/$ENVIRONMENT into namespace $NAMESPACE"
STRIMZI_NAMESPACE="$(namespace_of "$ROOT/strimzi/overlays/$ENVIRONMENT/kustomization.yaml")"
[[ "$STRIMZI_NAMESPACE" == "$NAMESPACE" ]] \
  || fail "strimzi/overlays/$ENVIRONMENT uses namespace '$STRIMZI_NAMESPACE', openshift/ '$NAMESPACE': they must be one"

# ---- who -----------------------------------------------------------------------------------------------
if ! USER_NAME="$(oc whoami 2>/dev/null)"; then
  fail "not logged in: oc login first"
  summary
fi
pass "logged in as $USER_NAME"

# ---- versions ------------------------------------------------------------------------------------------
# `oc version` shows the OpenShift version only to users who may read the ClusterVersion; the Kubernetes
# version is public and tells the OpenShift minor.
VERSION_JSON="$(oc version -o json 2>/dev/null | tr -d '\n')"
SERVER_JSON="$(sed -n 's/.*"serverVersion": *{\([^}]*\)}.*/\1/p' <<<"$VERSION_JSON")"
KUBE_VERSION="$(sed -n 's/.*"gitVersion": *"v\([0-9]*\.[0-9]*\)[^"]*".*/\1/p' <<<"$SERVER_JSON")"
OPENSHIFT_VERSION="$(sed -n 's/.*"openshiftVersion": *"\([^"]*\)".*/\1/p' <<<"$VERSION_JSON")"
if [[ -z "$KUBE_VERSION" ]]; then
  fail "cannot read the server version (oc version -o json)"
else
  KUBE_MINOR="${KUBE_VERSION#*.}"
  SHOWN="Kubernetes $KUBE_VERSION (OpenShift 4.$((KUBE_MINOR - 13)))"
  [[ -n "$OPENSHIFT_VERSION" ]] && SHOWN="OpenShift $OPENSHIFT_VERSION (Kubernetes $KUBE_VERSION)"
  if ((KUBE_MINOR >= MIN_KUBERNETES_MINOR)); then
    pass "$SHOWN, at least OpenShift 4.$((MIN_KUBERNETES_MINOR - 13))"
  else
    fail "$SHOWN: needs OpenShift 4.$((MIN_KUBERNETES_MINOR - 13)) or later"
  fi
fi

# ---- the project ---------------------------------------------------------------------------------------
PROJECT=yes
if oc get project "$NAMESPACE" -o name >/dev/null 2>&1; then
  pass "project $NAMESPACE exists"
else
  PROJECT=no
  fail "project $NAMESPACE does not exist or is not yours: oc new-project $NAMESPACE (or rename it in both overlays)"
fi

# ---- Strimzi -------------------------------------------------------------------------------------------
if oc api-versions 2>/dev/null | grep -qx 'kafka.strimzi.io/v1'; then
  pass "kafka.strimzi.io/v1 is served"
else
  fail "kafka.strimzi.io/v1 is not served: no Strimzi operator, or one older than 1.0; a cluster admin installs it first (strimzi/README.md, section 1)"
fi
if [[ "$PROJECT" == yes ]]; then
  # OLM copies the operator's ClusterServiceVersion into every namespace it watches, readable by the project.
  CSV="$(oc get csv -n "$NAMESPACE" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.phase}{"\n"}{end}' 2>/dev/null \
    | grep '^strimzi-cluster-operator\.v' | head -n 1)"
  CSV_NAME="${CSV%% *}"
  CSV_PHASE="${CSV#* }"
  CSV_VERSION="${CSV_NAME#strimzi-cluster-operator.v}"
  if [[ -z "$CSV" ]]; then
    warn "no Strimzi ClusterServiceVersion in $NAMESPACE: cannot tell its version (needs $STRIMZI_VERSION or later; installed without OLM?)"
  elif ! version_ge "$CSV_VERSION" "$STRIMZI_VERSION"; then
    fail "Strimzi $CSV_VERSION ($CSV_NAME): needs $STRIMZI_VERSION or later (strimzi/operator/subscription.yaml)"
  elif [[ "$CSV_PHASE" != Succeeded ]]; then
    fail "Strimzi $CSV_VERSION ($CSV_NAME) is $CSV_PHASE, not Succeeded: a pending InstallPlan to approve?"
  else
    pass "Strimzi $CSV_VERSION ($CSV_NAME, $CSV_PHASE), at least $STRIMZI_VERSION"
  fi
fi

# ---- storage -------------------------------------------------------------------------------------------
if CLASSES="$(oc get storageclass -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}{"\n"}{end}' 2>/dev/null)"; then
  DEFAULT_CLASS="$(awk '$2 == "true" { print $1; exit }' <<<"$CLASSES")"
  if [[ -n "$DEFAULT_CLASS" ]]; then
    pass "default StorageClass $DEFAULT_CLASS"
  else
    fail "no default StorageClass: the Kafka and word-count volume claims would stay Pending (a cluster admin marks one default)"
  fi
else
  warn "may not list StorageClasses: cannot tell whether one is the default (the volume claims need one)"
fi

# ---- permissions ---------------------------------------------------------------------------------------
if [[ "$PROJECT" == yes ]]; then
  MISSING=()
  for resource in "${RESOURCES[@]}"; do
    [[ "$(oc auth can-i create "$resource" -n "$NAMESPACE" 2>/dev/null)" == yes ]] || MISSING+=("$resource")
  done
  # Binary builds: start-build --from-repo / --from-archive.
  [[ "$(oc auth can-i create buildconfigs.build.openshift.io --subresource=instantiatebinary -n "$NAMESPACE" 2>/dev/null)" == yes ]] \
    || MISSING+=("buildconfigs/instantiatebinary")
  if ((${#MISSING[@]} == 0)); then
    pass "may create every kind the overlays create in $NAMESPACE, and start binary builds"
  else
    fail "may not create ${MISSING[*]} in $NAMESPACE: the project's admin role is needed"
  fi
  if [[ "$(oc auth can-i create podmonitors.monitoring.coreos.com -n "$NAMESPACE" 2>/dev/null)" == yes ]]; then
    pass "may create PodMonitors: the optional monitoring components can be included"
  else
    warn "may not create PodMonitors in $NAMESPACE: leave the monitoring components out, or a cluster admin grants: oc adm policy add-role-to-user monitoring-edit $USER_NAME -n $NAMESPACE"
  fi
fi

summary

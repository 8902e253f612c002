# Sourced by the image scripts: `read_version NAME` prints NAME's value from versions.env, the one place pinned
# versions are kept. Needs ROOT (the repository) and a `die` function in the sourcing script.
read_version() {
  local value
  value="$(sed -n "s/^[[:space:]]*$1=\(.*\)$/\1/p" "$ROOT/versions.env" | tail -n 1 | tr -d '[:space:]')"
  [[ -n "$value" ]] || die "versions.env: $1 is missing"
  printf '%s' "$value"
}

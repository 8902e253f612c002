#!/usr/bin/env bash
# Build-time helper: writes one wrapper script per line of wrappers.txt into the given bin folder and
# checks that each main class exists in the given libs folder (fails the image build otherwise).
# Usage: make-wrappers.sh <wrappers.txt> <bin dir> <libs dir>
set -euo pipefail
list="$1" bin="$2" libs="$3"
while read -r name class; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  entry="${class//.//}.class"
  found=""
  for jar in "$libs"/*.jar; do
    if unzip -l "$jar" "$entry" >/dev/null 2>&1; then found="$jar"; break; fi
  done
  [[ -n "$found" ]] || { echo "make-wrappers: $class not found in $libs" >&2; exit 1; }
  # shellcheck disable=SC2016 # $0 and $@ belong to the generated script
  printf '#!/usr/bin/env bash\nexec "$(dirname "$0")/kafka-run-class.sh" %s "$@"\n' "$class" >"$bin/$name"
  chmod 755 "$bin/$name"
  echo "make-wrappers: $name -> $class ($(basename "$found"))"
done <"$list"

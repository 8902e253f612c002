#!/bin/sh
# As in the official node image: when the first argument is a flag, a plain file or not a command,
# run it with node (`docker run node:... -e 'code'`, `docker run node:... app.js`).
set -e
if [ "${1#-}" != "${1:-}" ] || [ -z "$(command -v "${1:-}" || true)" ] || { [ -f "${1:-}" ] && ! [ -x "${1:-}" ]; }; then
  set -- node "$@"
fi
exec "$@"

#!/bin/sh
# Builds INCIDENTWATCH_DB from the parts compose.yaml gives (the password from a secret file, so
# that it is never in the compose file or `docker inspect`), then runs the command.
set -eu
if [ -z "${INCIDENTWATCH_DB:-}" ] && [ -n "${INCIDENTWATCH_DB_HOST:-}" ]; then
  password=""
  if [ -n "${INCIDENTWATCH_DB_PASSWORD_FILE:-}" ]; then
    password=$(python -c 'import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1]).read().strip(), safe=""))' "$INCIDENTWATCH_DB_PASSWORD_FILE")
  fi
  export INCIDENTWATCH_DB="postgresql://${INCIDENTWATCH_DB_USER}:${password}@${INCIDENTWATCH_DB_HOST}/${INCIDENTWATCH_DB_NAME}"
fi
# alerts.yaml names secret_env variables: fill them from *_FILE secrets where given
if [ -n "${INCIDENTWATCH_WEBHOOK_SECRET_FILE:-}" ] && [ -z "${INCIDENTWATCH_WEBHOOK_SECRET:-}" ]; then
  INCIDENTWATCH_WEBHOOK_SECRET=$(cat "$INCIDENTWATCH_WEBHOOK_SECRET_FILE")
  export INCIDENTWATCH_WEBHOOK_SECRET
fi
exec "$@"

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
# alerts.yaml names environment variables (secret_env, username_env, password_env): those the
# example file names are filled, each NAME not set, from the file $NAME_FILE (a compose secret)
for name in INCIDENTWATCH_WEBHOOK_SECRET INCIDENTWATCH_SMTP_USER INCIDENTWATCH_SMTP_PASSWORD; do
  eval "value=\${$name:-}"
  eval "file=\${${name}_FILE:-}"
  if [ -z "$value" ] && [ -n "$file" ]; then
    value=$(cat "$file")
    export "$name=$value"
  fi
done
exec "$@"

#!/bin/sh
# Container entrypoint. For the web process (gunicorn) it first applies migrations and
# collects static files, then hands over to the command; worker and beat start directly.
# Set SKIP_MIGRATE=1 to start a second web container without migrating again.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    if [ "${SKIP_MIGRATE:-0}" != "1" ]; then
        echo "entrypoint: applying migrations"
        python manage.py migrate --noinput
    fi
    echo "entrypoint: collecting static files"
    python manage.py collectstatic --noinput --verbosity 0
fi

exec "$@"

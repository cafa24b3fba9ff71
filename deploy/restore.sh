#!/usr/bin/env bash
# Restore a PostgreSQL dump made by deploy/backup.sh. This REPLACES the whole database.
#
#   deploy/restore.sh FILE [--yes]
#
# With DATABASE_URL set, it restores into that database with the local pg_restore (outside Docker;
# stop the web and Celery processes yourself first). Otherwise it stops web, worker and beat of
# deploy/docker-compose.yml, recreates the database in the postgres service, restores, migrates (a dump
# from an older release) and starts them again. Then run `manage.py search_index --rebuild`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
file="${1:?usage: deploy/restore.sh FILE [--yes]}"
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
if [ "${2:-}" != "--yes" ]; then
  read -r -p "This replaces the whole database with $file. Type 'restore' to go on: " answer
  [ "$answer" = "restore" ] || { echo "nothing changed"; exit 1; }
fi

if [ -n "${DATABASE_URL:-}" ]; then
  pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$file"
  echo "restored $file into the database of DATABASE_URL"
  exit 0
fi

compose=(docker compose -f "$here/docker-compose.yml")
"${compose[@]}" stop web worker beat
"${compose[@]}" exec -T postgres sh -c '
  dropdb --force --if-exists -U "$POSTGRES_USER" "$POSTGRES_DB" &&
  createdb -U "$POSTGRES_USER" -O "$POSTGRES_USER" "$POSTGRES_DB"'
"${compose[@]}" exec -T postgres sh -c \
  'pg_restore --no-owner --no-privileges --exit-on-error --single-transaction -U "$POSTGRES_USER" -d "$POSTGRES_DB"' <"$file"
"${compose[@]}" run --rm migrate
"${compose[@]}" up -d web worker beat
echo "restored $file; now rebuild the search index:"
echo "  docker compose -f deploy/docker-compose.yml exec web python manage.py search_index --rebuild"

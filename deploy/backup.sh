#!/usr/bin/env bash
# PostgreSQL backup: one compressed custom-format dump (pg_dump -Fc) per run, the newest BACKUP_KEEP kept.
#
#   deploy/backup.sh [DIR]      # DIR defaults to BACKUP_DIR, else ./backups
#
# With DATABASE_URL set, it dumps that database with the local pg_dump (a database outside Docker).
# Otherwise it runs pg_dump inside the postgres service of deploy/docker-compose.yml.
# Restore with deploy/restore.sh. Capacity profiles in the dump stay encrypted: keep the
# CAPACITY_ENCRYPTION_KEYS that were current at the time of the dump, apart from the dumps.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-${BACKUP_DIR:-./backups}}"
keep="${BACKUP_KEEP:-14}"
mkdir -p "$dir"
umask 077
file="$dir/passendwerk-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

# A dump that pg_restore cannot read is no backup: each is listed before it counts.
if [ -n "${DATABASE_URL:-}" ]; then
  pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$partial"
  pg_restore --list "$partial" >/dev/null
else
  compose=(docker compose -f "$here/docker-compose.yml")
  "${compose[@]}" exec -T postgres \
    sh -c 'pg_dump --format=custom --no-owner --no-privileges -U "$POSTGRES_USER" "$POSTGRES_DB"' >"$partial"
  "${compose[@]}" exec -T postgres pg_restore --list <"$partial" >/dev/null
fi
mv "$partial" "$file"
echo "backup: $file ($(du -h "$file" | cut -f1))"

# Keep the newest $keep dumps.
ls -1t "$dir"/passendwerk-*.dump 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do
  rm -f -- "$old"
  echo "removed old backup: $old"
done

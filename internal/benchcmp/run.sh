#!/usr/bin/env bash
# Runs the whole comparison of cloudiam with the official SDKs and prints
# the table (markdown) that BENCHMARKS.md holds. From a fresh clone:
#
#   internal/benchcmp/run.sh          # COUNT=5 runs per benchmark by default
#
# It downloads the official SDKs through the Go module proxy on first use.
# The table goes to standard output, everything else to standard error.
set -euo pipefail
cd "$(dirname "$0")"
count=${COUNT:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3-)" >&2
# Both sides sign the same request to the same Authorization: the
# signing benchmarks compare equal work.
go test -count=1 -run 'TestSameAuthorization|TestHuaweiBodyAsString' . >&2
go test -run '^$' -bench . -benchmem -count "$count" . | tee "$out" >&2
go run ./cmd/report -bench "$out"

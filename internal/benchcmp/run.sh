#!/usr/bin/env bash
# Runs the whole comparison of cloudiam with the official SDKs and prints
# the table (markdown) that BENCHMARKS.md holds. From a fresh clone:
#
#   internal/benchcmp/run.sh      # ROUNDS=32 interleaved rounds, CALLS=5000 calls per process
#
# It downloads the official SDKs through the Go module proxy on first use.
# The table goes to standard output, everything else to standard error;
# RAW=file keeps every round's benchmark lines (go run ./cmd/report -from
# file prints the table again from them).
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-32}
calls=${CALLS:-5000}
list=$(mktemp)
trap 'rm -f "$list"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3-)" >&2
# Both sides sign the same request to the same Authorization: the
# signing benchmarks compare equal work.
go test -count=1 -run 'TestSameAuthorization|TestHuaweiBodyAsString' . >&2
# The peak heap of listing 100 000 users: the provider packages' own
# benchmarks (the emulator in a child process).
(cd ../.. && go test -run '^$' -bench ListUsers -benchmem -count 1 ./baidu ./huawei ./aliyun) | tee "$list" >&2
go run ./cmd/report -rounds "$rounds" -calls "$calls" ${RAW:+-raw "$RAW"} -listusers "$list"

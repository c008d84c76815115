#!/usr/bin/env bash
# The one Native AOT publish of the operator, shared by the Dockerfile and CI so the image ships exactly what CI
# built and tested. Needs clang and zlib1g-dev. Optional argument: the output directory (default /out, as in the image).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/out}"
dotnet publish src/Operator -c Release -r linux-x64 -p:PublishAot=true -o "$out"

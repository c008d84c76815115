#!/usr/bin/env bash
# The one Native AOT publish of the operator, shared by the Dockerfile and CI so the image ships exactly what CI
# built and tested. Needs clang and zlib1g-dev. Optional argument: the output directory (default /out, as in the image).
#
# Zero trim/AOT warnings is a release rule. The msbuild properties turn the ones msbuild knows into errors, but ILC
# reports some of its analysis as plain "warning ILxxxx" lines that do not fail the build; so the output is kept and
# any warning line in it fails the publish, named, where CI and the image build both see it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/out}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet publish src/Operator -c Release -r linux-x64 -p:PublishAot=true -o "$out" 2>&1 | tee "$log"
# msbuild's closing "0 Warning(s)" is capitalised and carries no code, so it does not match. NU1603 (a package served
# at a nearby version) is the one warning Directory.Build.props allows, so it does not fail the publish either.
if warnings="$(grep -E 'warning [A-Z]+[0-9]+|: warning ' "$log" | grep -v -E 'warning NU1603')"; then
  echo "publish-aot: the publish printed warnings; trim/AOT warnings must be fixed, not shipped:" >&2
  sort -u <<<"$warnings" >&2
  exit 1
fi

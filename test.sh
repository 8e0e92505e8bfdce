#!/usr/bin/env bash
# Builds and runs every IgdLab test project, then prints one closing line: "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (e.g. --filter "TestCategory!=Interop").
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build IgdLab.slnx -c Release --nologo -v quiet || { echo "0 passed, 1 failed (build failed)"; exit 1; }

status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  # A test that hangs is stopped after 5 minutes with a dump and the name of the test, instead of eating CI's limit.
  dotnet test "$project" -c Release --no-build --nologo --blame-hang --blame-hang-timeout 5m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done

# The failed tests' names come last, beside the counts, where a reader of a long log's tail finds them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"' |
    sed -e 's/^testName="//' -e 's/"$//' -e "s|^|failed: $(basename "$trx" .trx): |"
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # a test run crashed without reporting a failed test
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

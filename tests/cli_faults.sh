#!/usr/bin/env bash
# The program under faults: output that cannot be written, streams and special files as input,
# planted symlinks, a kill during `generate`, a memory limit. One scenario per CTest test:
#   bash cli_faults.sh MEDBUDGET SOURCE_DIR SCRATCH_DIR SCENARIO
# Each scenario checks the exit code and the exact message; it fails (exit 1) on the first mismatch.
set -u
exe=$1
src=$2
scratch=$3/$4
scenario=$4
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$src" || exit 1
case_file=examples/cases/harbin-surplus.case.json
june=tests/data/schedule/harbin-june.case.json
small=tests/data/claims/small

fail() {
  echo "FAIL [$scenario]: $*" >&2
  exit 1
}
# expect CODE STDERR-FILE MESSAGE: the exit code and one exact line of stderr.
expect() {
  local code=$1 got=$2 err=$3 want=$4
  [ "$got" = "$code" ] || fail "exit $got, expected $code; stderr: $(cat "$err")"
  grep -qxF -- "$want" "$err" || fail "stderr lacks the line: $want; stderr: $(cat "$err")"
}

case $scenario in
stdout_full)  # a full disk: /dev/full refuses every write with ENOSPC
  for args in "settle $case_file" "--help" "--version" "presets" "policy harbin" "demo"; do
    # shellcheck disable=SC2086
    "$exe" $args >/dev/full 2>"$scratch/err"
    expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: No space left on device"
  done
  ;;
stdout_closed)  # `>&-`: stdout is not open at all
  for args in "settle $case_file" "--help" "aggregate --claims $small/claims.csv --registry $small/registry.csv --county 230123 --year 2024 --quiet"; do
    # shellcheck disable=SC2086
    "$exe" $args >&- 2>"$scratch/err"
    expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: Bad file descriptor"
  done
  ;;
stdout_pipe_closed)  # a pipe whose reader has gone, SIGPIPE ignored: EPIPE, never exit 0
  mkfifo "$scratch/p"
  exec 3<>"$scratch/p"   # hold a reader so that the writer can open ...
  exec 4>"$scratch/p"
  exec 3<&-              # ... then drop it: every write to fd 4 now fails with EPIPE
  (trap '' PIPE; exec "$exe" settle "$case_file" >&4 2>"$scratch/err")
  expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: Broken pipe"
  (trap '' PIPE; exec "$exe" --help >&4 2>"$scratch/err")
  expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: Broken pipe"
  exec 4>&-
  ;;
chart_report_fails)  # the report cannot be written: no chart is left either, nor a temporary
  "$exe" monitor "$june" --through 2024-06 --chart "$scratch/charts" >/dev/full 2>"$scratch/err"
  expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: No space left on device"
  [ -z "$(ls -A "$scratch/charts")" ] || fail "files left: $(ls -A "$scratch/charts")"
  "$exe" simulate tests/data/simulate/harbin-june.case.json --scenarios 100 --seed 1 --chart "$scratch/sim" \
    >/dev/full 2>"$scratch/err"
  expect 1 $? "$scratch/err" "medbudget: error: stdout: cannot write: No space left on device"
  [ -z "$(ls -A "$scratch/sim")" ] || fail "files left: $(ls -A "$scratch/sim")"
  ;;
chart_symlink)  # planted symlinks at the old predictable temporary name and at the final name
  mkdir -p "$scratch/charts"
  echo precious >"$scratch/victim"
  echo precious >"$scratch/victim2"
  ln -s "$scratch/victim" "$scratch/charts/390-YL01.svg.tmp"
  ln -s "$scratch/victim2" "$scratch/charts/390-YL01.svg"
  "$exe" monitor "$june" --through 2024-06 --chart "$scratch/charts" --quiet >/dev/null 2>"$scratch/err" ||
    fail "monitor failed: $(cat "$scratch/err")"
  [ "$(cat "$scratch/victim")" = precious ] || fail "the symlinked file was overwritten"
  [ "$(cat "$scratch/victim2")" = precious ] || fail "the file behind the final name was overwritten"
  [ -f "$scratch/charts/390-YL01.svg" ] && [ ! -L "$scratch/charts/390-YL01.svg" ] || fail "the chart is not a plain file"
  grep -q "<svg" "$scratch/charts/390-YL01.svg" || fail "the chart is not SVG"
  [ "$(ls -A "$scratch/charts" | grep -c '\.tmp$')" = 1 ] || fail "a temporary is left: $(ls -A "$scratch/charts")"
  ;;
fifo_and_pipe)  # a FIFO, /dev/stdin from a pipe and a process substitution give the file's bytes
  "$exe" settle "$case_file" >"$scratch/want" 2>/dev/null || fail "settle failed"
  mkfifo "$scratch/case.fifo"
  cat "$case_file" >"$scratch/case.fifo" &
  "$exe" settle "$scratch/case.fifo" >"$scratch/got" 2>"$scratch/err" || fail "fifo: $(cat "$scratch/err")"
  wait
  cmp -s "$scratch/want" "$scratch/got" || fail "the FIFO's statement differs from the file's"
  cat "$case_file" | "$exe" settle /dev/stdin >"$scratch/got2" 2>"$scratch/err" || fail "stdin: $(cat "$scratch/err")"
  cmp -s "$scratch/want" "$scratch/got2" || fail "the pipe's statement differs from the file's"
  "$exe" settle <(cat "$case_file") >"$scratch/got3" 2>"$scratch/err" || fail "<(): $(cat "$scratch/err")"
  cmp -s "$scratch/want" "$scratch/got3" || fail "the process substitution's statement differs from the file's"
  ;;
statement_records_stream)  # a statement's records from a FIFO: read once, the same statement (digests too) as from the file
  "$exe" settle "$case_file" --claims "$small/claims.csv" --registry "$small/registry.csv" >"$scratch/want" 2>"$scratch/err" ||
    fail "file: $(cat "$scratch/err")"
  mkfifo "$scratch/claims.fifo"
  cat "$small/claims.csv" >"$scratch/claims.fifo" &
  "$exe" settle "$case_file" --claims "$scratch/claims.fifo" --registry "$small/registry.csv" >"$scratch/got" 2>"$scratch/err" ||
    fail "fifo: $(cat "$scratch/err")"
  wait
  cmp -s "$scratch/want" "$scratch/got" || fail "the FIFO's statement differs from the file's"
  ;;
dev_zero)  # an endless file stops at the limit, within a memory limit far below a gigabyte
  (ulimit -v 1000000; exec "$exe" settle /dev/zero 2>"$scratch/err" >/dev/null)
  expect 1 $? "$scratch/err" "medbudget: error: /dev/zero: file larger than 64 MiB"
  (ulimit -v 1000000; exec "$exe" aggregate --claims "$small/claims.csv" --registry /dev/zero --county 230123 \
    --year 2024 2>"$scratch/err" >/dev/null)
  expect 1 $? "$scratch/err" "medbudget: error: /dev/zero: file larger than 256 MiB"
  ;;
directory)  # a directory is named as one
  "$exe" settle tests/data 2>"$scratch/err" >/dev/null
  expect 1 $? "$scratch/err" "medbudget: error: tests/data: is a directory, not a file"
  "$exe" aggregate --claims "$small/claims.csv" --registry tests/data --county 230123 --year 2024 \
    2>"$scratch/err" >/dev/null
  expect 1 $? "$scratch/err" "medbudget: error: tests/data: is a directory, not a file"
  ;;
out_of_memory)  # memory runs out while reading a 48 MiB case from a pipe: exit 4, never "internal error"
  (ulimit -v 120000; head -c 50331648 /dev/zero | tr '\0' ' ' | "$exe" settle /dev/stdin 2>"$scratch/err" >/dev/null
   exit "${PIPESTATUS[2]}")
  expect 4 $? "$scratch/err" \
    "medbudget: error: out of memory while reading /dev/stdin; a larger memory limit would help"
  ;;
generate_killed)  # SIGTERM during generate leaves no claims.csv under its name, cut or whole
  "$exe" generate --county 230123 --insured 1000 --records 2000000000 --seed 1 --out "$scratch/out" --quiet &
  pid=$!
  sleep 1
  kill -TERM "$pid"
  wait "$pid"
  code=$?
  [ "$code" = 143 ] || fail "generate exited $code, expected 143 (SIGTERM)"
  for f in claims.csv registry.csv attribution.csv; do
    [ ! -e "$scratch/out/$f" ] || fail "$f was left under its final name"
  done
  ;;
generate_whole)  # the three files, and nothing else, once generate is done
  "$exe" generate --county 230123 --insured 100 --records 50 --seed 1 --out "$scratch/out" --quiet || fail "generate failed"
  [ "$(ls -A "$scratch/out" | tr '\n' ' ')" = "attribution.csv claims.csv registry.csv " ] ||
    fail "files: $(ls -A "$scratch/out")"
  ;;
*)
  fail "unknown scenario"
  ;;
esac
exit 0

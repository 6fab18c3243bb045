#!/usr/bin/env bash
# claims_timing.sh — command-line timing of `medbudget aggregate` over 10 million generated settlement
# records, and the same aggregation as SQL in SQLite. Figures and the machine: docs/benchmarks.md.
#
#   bench/claims_timing.sh BUILD_DIR [WORK_DIR]
#
# Builds nothing: BUILD_DIR/bin/medbudget must exist (a Release build). WORK_DIR (default: a new
# directory under ${TMPDIR:-/tmp}, removed at exit unless KEEP=1) receives the generated files
# (about 1.2 GB) and the outputs. Steps:
#   1. `medbudget generate --county 230123 --insured 1000000 --records 10000000 --seed 42`
#      (RECORDS and INSURED override the counts);
#   2. `medbudget aggregate ... --threads 1` and `--threads 2` under /usr/bin/time -v, RUNS rounds
#      (default 3): median wall time, records per second per core, peak RSS (and the same without the
#      fixed cost of reading the registry and attribution, measured on a header-only claims file);
#      the JSON outputs of every run must be byte-identical;
#   3. `medbudget indicators ... --policy guangdong_yangxi` (the same scan with the indicators' sink
#      on) at --threads 1 and 2, RUNS rounds, median wall time; SKIP_SQLITE=1 stops after this step;
#   4. SQLite (Debian's sqlite3; installed with apt-get when missing and running as root): the same
#      registry.csv, attribution.csv and claims.csv loaded with `.import --csv` into an in-memory
#      database (SQLITE_DB=FILE: a database file instead), then one GROUP BY giving I, O and NL per fund
#      and alliance (counted rows only: vali_flag 1, insutype 310 or 390, setl_time in the year); load
#      and query timed separately; its sums must equal medbudget's, fen for fen.
# Before each timed step the script waits (at most WAIT_LOAD seconds, default 600; 0: no wait) for the
# 1-minute load average to fall below 1.0, and prints the load it measured under.
set -euo pipefail

build=${1:?usage: claims_timing.sh BUILD_DIR [WORK_DIR]}
bin="$build/bin/medbudget"
[[ -x $bin ]] || { echo "claims_timing: $bin not found (build first)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "claims_timing: /usr/bin/time is needed (Debian package time)" >&2; exit 2; }
command -v jq >/dev/null || { echo "claims_timing: jq is needed" >&2; exit 2; }

county=230123
year=2024
records=${RECORDS:-10000000}
insured=${INSURED:-1000000}
wait_max=${WAIT_LOAD:-600}

if [[ -n ${2:-} ]]; then
  work=$2
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/medbudget_timing.XXXXXX")
  [[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
fi

load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits until the 1-minute load average is below 1.0, or wait_max seconds have passed.
wait_quiet() {
  local waited=0
  while awk -v l="$(load1)" 'BEGIN { exit !(l >= 1.0) }' && ((waited < wait_max)); do
    sleep 10
    waited=$((waited + 10))
  done
  echo "load average (1 min) $(load1) after waiting ${waited} s" >&2
  echo "$(load1)"
}

# Field of /usr/bin/time -v output: wall seconds, or max RSS in KiB.
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      printf "%.3f\n", s }' "$1"
}
max_rss_kib() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

echo "== machine"
echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -sr)"
"$bin" --version

echo "== generate: $records records, $insured insured, seed 42 -> $work"
/usr/bin/time -v "$bin" generate --county "$county" --insured "$insured" --records "$records" --seed 42 \
  --out "$work" --year "$year" --quiet 2>"$work/generate.time"
claims_bytes=$(stat -c %s "$work/claims.csv")
echo "generate: $(wall_seconds "$work/generate.time") s; claims.csv $claims_bytes bytes"
cat "$work/claims.csv" "$work/attribution.csv" "$work/registry.csv" >/dev/null  # warm page cache

# RUNS rounds (default 3), each running --threads 1 then --threads 2; the median wall time counts.
runs=${RUNS:-3}
declare -A wall rss load
for ((k = 1; k <= runs; ++k)); do
  for t in 1 2; do
    l=$(wait_quiet)
    echo "== medbudget aggregate --threads $t, run $k of $runs (load $l)"
    /usr/bin/time -v "$bin" aggregate --claims "$work/claims.csv" --registry "$work/registry.csv" \
      --attribution "$work/attribution.csv" --county "$county" --year "$year" --threads "$t" --quiet \
      >"$work/out.$t.$k.json" 2>"$work/aggregate.$t.$k.time"
    wall[$t]+="$(wall_seconds "$work/aggregate.$t.$k.time") "
    rss[$t]+="$(max_rss_kib "$work/aggregate.$t.$k.time") "
    load[$t]+="$l "
  done
done
# The cost that does not grow with the records: the registry and attribution alone (a header-only
# claims file), so that bytes per million records can be given without it.
head -1 "$work/claims.csv" >"$work/empty.csv"
/usr/bin/time -v "$bin" aggregate --claims "$work/empty.csv" --registry "$work/registry.csv" \
  --attribution "$work/attribution.csv" --county "$county" --year "$year" --threads 1 --quiet \
  >/dev/null 2>"$work/fixed.time"
fixed_s=$(wall_seconds "$work/fixed.time")
fixed_kib=$(max_rss_kib "$work/fixed.time")
rows=$(jq '.records.read' "$work/out.1.1.json")
counted=$(jq '.records.counted' "$work/out.1.1.json")
identical=yes
for f in "$work"/out.*.json; do cmp -s "$work/out.1.1.json" "$f" || identical=NO; done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { tr ' ' '\n' | grep . | sort -g | tail -1; }
declare -A med
for t in 1 2; do
  med[$t]=$(median <<<"${wall[$t]}")
  peak=$(maximum <<<"${rss[$t]}")
  awk -v r="$rows" -v s="${med[$t]}" -v t="$t" -v k="$peak" -v f="$fixed_kib" -v b="$claims_bytes" \
      -v all="${wall[$t]% }" -v l="${load[$t]% }" 'BEGIN {
    printf "threads %d: median %.2f s wall (runs: %s), %.0f records/s, %.0f records/s per core, %.1f MB/s\n",
      t, s, all, r / s, r / s / t, b / s / 1e6
    printf "  peak RSS %.1f MiB = %.1f MB per million records; less the fixed %.1f MiB: %.1f MB per million (load: %s)\n",
      k / 1024, k * 1024 / 1e6 / (r / 1e6), f / 1024, (k - f) * 1024 / 1e6 / (r / 1e6), l }'
done
echo "registry + attribution alone (header-only claims file): $fixed_s s wall, peak RSS $(awk -v f="$fixed_kib" 'BEGIN { printf "%.1f", f / 1024 }') MiB"
echo "rows read $rows, counted $counted; outputs of all runs (--threads 1 and 2) byte-identical: $identical"

# ---- indicators: the same scan with the indicators' sink on ----------------------------------------
declare -A iwall
for ((k = 1; k <= runs; ++k)); do
  for t in 1 2; do
    l=$(wait_quiet)
    echo "== medbudget indicators --policy guangdong_yangxi --threads $t, run $k of $runs (load $l)"
    /usr/bin/time -v "$bin" indicators --claims "$work/claims.csv" --registry "$work/registry.csv" \
      --attribution "$work/attribution.csv" --county "$county" --year "$year" --policy guangdong_yangxi \
      --threads "$t" --quiet >"$work/indicators.$t.$k.json" 2>"$work/indicators.$t.$k.time"
    iwall[$t]+="$(wall_seconds "$work/indicators.$t.$k.time") "
  done
done
iidentical=yes
for f in "$work"/indicators.*.json; do cmp -s "$work/indicators.1.1.json" "$f" || iidentical=NO; done
for t in 1 2; do
  s=$(median <<<"${iwall[$t]}")
  awk -v r="$rows" -v s="$s" -v t="$t" -v all="${iwall[$t]% }" 'BEGIN {
    printf "indicators, threads %d: median %.2f s wall (runs: %s), %.0f records/s\n", t, s, all, r / s }'
done
echo "indicators outputs of all runs byte-identical: $iidentical"
[[ ${SKIP_SQLITE:-0} == 1 ]] && exit 0

# ---- SQLite --------------------------------------------------------------------------------------
if ! command -v sqlite3 >/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y sqlite3 >/dev/null
  else
    echo "claims_timing: sqlite3 is missing (apt-get install sqlite3 as root)" >&2
    exit 2
  fi
fi
expected_header='setl_id,init_setl_id,refd_setl_flag,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,age,brdy,medfee_sumamt,hifp_pay,fulamt_ownpay_amt,psn_cash_pay'
[[ $(head -1 "$work/claims.csv") == "$expected_header" ]] ||
  { echo "claims_timing: claims.csv has not the generator's columns" >&2; exit 1; }

db=${SQLITE_DB:-}
[[ -z $db ]] || rm -f "$db"
times="$work/sqlite.times"
: >"$times"
# Typed columns (amounts REAL: SQLite has no decimal type; vali_flag INTEGER), keys declared so the
# joins are indexed; the load is the .import of the three files into those tables.
cat >"$work/load.sql" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
.system date +%s.%N >> $times
CREATE TABLE registry (fixmedins_code TEXT PRIMARY KEY, fixmedins_name TEXT, admdvs TEXT, alliance_id TEXT,
                       member_id TEXT, level INTEGER, is_primary INTEGER);
CREATE TABLE attribution (psn_no TEXT PRIMARY KEY, alliance_id TEXT);
CREATE TABLE claims (setl_id TEXT, init_setl_id TEXT, refd_setl_flag INTEGER, vali_flag INTEGER, psn_no TEXT,
                     insutype TEXT, med_type TEXT, setl_time TEXT, fixmedins_code TEXT, insu_admdvs TEXT,
                     age TEXT, brdy TEXT, medfee_sumamt REAL, hifp_pay REAL, fulamt_ownpay_amt REAL,
                     psn_cash_pay REAL);
.import --csv --skip 1 $work/registry.csv registry
.import --csv --skip 1 $work/attribution.csv attribution
.import --csv --skip 1 $work/claims.csv claims
.system date +%s.%N >> $times
EOF
# I, O, NL of docs/claims.md: local = insu_admdvs is the county; a local insured's alliance from
# the attribution ('' when none); the institution's alliance from the registry ('' when none or
# unregistered). One GROUP BY over the records, then the few groups folded per fund and alliance.
# Amounts to fen with round(hifp_pay * 100): exact for these magnitudes, used for the check only.
cat >"$work/query.sql" <<EOF
.mode tabs
.once $work/sqlite.out
WITH counted AS (
  SELECT c.insutype AS fund, c.insu_admdvs = '$county' AS local,
         CASE WHEN c.insu_admdvs = '$county' THEN coalesce(a.alliance_id, '') END AS person_alliance,
         coalesce(r.alliance_id, '') AS inst_alliance,
         CAST(round(c.hifp_pay * 100) AS INTEGER) AS fen
  FROM claims c
  LEFT JOIN attribution a ON a.psn_no = c.psn_no
  LEFT JOIN registry r ON r.fixmedins_code = c.fixmedins_code
  WHERE c.vali_flag = 1 AND c.insutype IN ('310', '390')
    AND c.setl_time >= '$year-01-01 00:00:00' AND c.setl_time < '$((year + 1))-01-01 00:00:00'),
groups AS (
  SELECT fund, local, person_alliance, inst_alliance, sum(fen) AS fen, count(*) AS n
  FROM counted GROUP BY fund, local, person_alliance, inst_alliance),
alliances AS (SELECT DISTINCT alliance_id AS id FROM registry WHERE alliance_id <> '')
SELECT g.fund, al.id,
       sum(CASE WHEN g.local AND g.person_alliance = al.id AND g.inst_alliance = al.id THEN g.fen ELSE 0 END),
       sum(CASE WHEN g.local AND g.person_alliance = al.id AND g.inst_alliance <> al.id THEN g.fen ELSE 0 END),
       sum(CASE WHEN NOT g.local AND g.inst_alliance = al.id THEN g.fen ELSE 0 END)
FROM groups g CROSS JOIN alliances al
GROUP BY g.fund, al.id ORDER BY g.fund, al.id;
.system date +%s.%N >> $times
SELECT count(*) FROM claims;
EOF
sqlite_load=$(wait_quiet)
echo "== sqlite3 $(sqlite3 --version | cut -d' ' -f1): load and query (${db:-in-memory database}, load $sqlite_load)"
/usr/bin/time -v sqlite3 -batch -bail "${db:-:memory:}" \
  ".read $work/load.sql" ".read $work/query.sql" >"$work/sqlite.count" 2>"$work/sqlite.time"
sqlite_rows=$(tail -1 "$work/sqlite.count")
mapfile -t stamp <"$times"
sqlite_rss=$(max_rss_kib "$work/sqlite.time")
read -r load_s query_s < <(awk -v a="${stamp[0]}" -v b="${stamp[1]}" -v c="${stamp[2]}" \
  'BEGIN { printf "%.3f %.3f\n", b - a, c - b }')

# medbudget's I, O, NL in fen, in the same order as SQLite's rows.
jq -r '.funds[] | .insutype as $f | .alliances[] |
       [$f, .id, .actuals.in_alliance_local, .actuals.out_of_alliance_local, .actuals.in_alliance_nonlocal] | @tsv' \
  "$work/out.1.1.json" | LC_ALL=C sort |
  awk -F'\t' 'function fen(x,  s) { s = ""; if (substr(x, 1, 1) == "-") { s = "-"; x = substr(x, 2) }
                                    sub(/\./, "", x); sub(/^0+/, "", x); if (x == "") return "0"; return s x }
              BEGIN { OFS = "\t" } { print $1, $2, fen($3), fen($4), fen($5) }' >"$work/medbudget.fen"
if cmp -s "$work/medbudget.fen" "$work/sqlite.out"; then same=yes; else same=NO; fi
echo "fund alliance I O NL (fen), SQLite:"
sed 's/^/  /' "$work/sqlite.out"
echo "SQLite rows loaded $sqlite_rows; SQLite sums equal medbudget's I, O, NL: $same"
[[ $same == yes ]] || diff "$work/medbudget.fen" "$work/sqlite.out" || true
awk -v l="$load_s" -v q="$query_s" -v m1="${med[1]}" -v m2="${med[2]}" -v k="$sqlite_rss" 'BEGIN {
  printf "SQLite: load %.3f s, query %.3f s, total %.3f s; peak RSS %.1f MiB\n", l, q, l + q, k / 1024
  printf "ratio SQLite (load + query) / medbudget (median): %.1f at --threads 1, %.1f at --threads 2\n", (l + q) / m1, (l + q) / m2
  printf "ratio SQLite query alone / medbudget --threads 1: %.2f\n", q / m1 }'
[[ $identical == yes && $same == yes ]]

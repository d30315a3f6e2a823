#!/usr/bin/env bash
# Cost of --state (issue 11): the XIP benchmark of bench/xip-vs-ram.sh (compute.c executing in place
# from the W25Q128JV on stm32h750-w25q128, started by its bootloader) run alternately without and
# with --state DIR. DIR is made once before the timed runs (as a user's state directory is), so the
# timed runs with --state open the two mapped flash files and write the loaded images through.
# Whole `./xipkit run` (the same java command) wall and CPU time, JVM start included, best of N. Usage: bench/state-cost.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
e=firmware/elf/stm32h7/stm32h750-w25q128
state="$(mktemp -d)/state"
trap 'rm -rf "$(dirname "$state")"' EXIT
./xipkit boards >/dev/null   # builds target/xipkit.jar if needed; the runs use a copy of it
jar="$(dirname "$state")/xipkit.jar"
cp target/xipkit.jar "$jar"
xipkit() { java -XX:+UseParallelGC -Xss8m -jar "$jar" "$@"; }   # what ./xipkit runs, without its rebuild check
xipkit run --board stm32h750-w25q128 --state "$state" --max-time 0.001 "$e-bootloader.elf" >/dev/null 2>&1 || true
# One timed run: prints "wall cpu" (cpu = user + system seconds of the JVM; less disturbed than
# wall time when the shared machine is busy).
timed() { /usr/bin/time -f '%e %U %S' -o "$tmpf" java -XX:+UseParallelGC -Xss8m -jar "$jar" run --board stm32h750-w25q128 "$@" \
            "$e-bootloader.elf" "$e-bench_xip.elf" >/dev/null 2>&1; awk '{print $1, $2 + $3}' "$tmpf"; }
tmpf="$(dirname "$state")/time"
best() { awk -v a="$1" -v b="${2:-1e9}" 'BEGIN{print (a<b)?a:b}'; }
bw_n=""; bc_n=""; bw_s=""; bc_s=""
for i in $(seq "$runs"); do
  read -r wn cn < <(timed)
  read -r ws cs < <(timed --state "$state")
  printf 'run %d: without %.2f s wall %.2f s cpu, with --state %.2f s wall %.2f s cpu, cpu ratio %.3f\n' \
    "$i" "$wn" "$cn" "$ws" "$cs" "$(awk "BEGIN{print $cs/$cn}")"
  bw_n=$(best "$wn" "$bw_n"); bc_n=$(best "$cn" "$bc_n"); bw_s=$(best "$ws" "$bw_s"); bc_s=$(best "$cs" "$bc_s")
done
printf 'best: without %.2f s wall %.2f s cpu, with --state %.2f s wall %.2f s cpu; ratio wall %.3f, cpu %.3f (target: at most 1.05)\n' \
  "$bw_n" "$bc_n" "$bw_s" "$bc_s" "$(awk "BEGIN{print $bw_s/$bw_n}")" "$(awk "BEGIN{print $bc_s/$bc_n}")"
ls -ls "$state"

#!/usr/bin/env bash
# Octal XIP speed (issue 15): the CPU benchmark (firmware/bench/compute.c through the H750's
# bench.c, same compiler flags) executing in place from the MX25UW25645G in octal DTR through the
# XSPI2 window of nucleo-h7s3l8 (0x70000000), and from the W25Q128JV through the QUADSPI window of
# stm32h750-w25q128 (0x90000000), each started by its board's bootloader. Whole `./xipkit run` wall
# time (JVM start included), alternating so that load from others falls on both, best of N and
# the ratio of each pair. Usage: bench/octal-vs-quadspi.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
q=firmware/elf/stm32h7/stm32h750-w25q128
o=firmware/elf/nucleo-h7s3l8
./xipkit boards >/dev/null
now() { date +%s.%N; }
best_o=""; best_q=""
for i in $(seq "$runs"); do
  t0=$(now); ./xipkit run --board nucleo-h7s3l8 "$o/bootloader.elf" "$o/bench_xip.elf" >/dev/null 2>&1; t1=$(now)
  ./xipkit run --board stm32h750-w25q128 "$q-bootloader.elf" "$q-bench_xip.elf" >/dev/null 2>&1; t2=$(now)
  x=$(awk "BEGIN{print $t1-$t0}"); r=$(awk "BEGIN{print $t2-$t1}")
  printf 'run %d: octal %.2f s, QUADSPI %.2f s, ratio %.2f (load %s)\n' "$i" "$x" "$r" "$(awk "BEGIN{print $x/$r}")" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  best_o=$(awk -v a="$x" -v b="${best_o:-1e9}" 'BEGIN{print (a<b)?a:b}')
  best_q=$(awk -v a="$r" -v b="${best_q:-1e9}" 'BEGIN{print (a<b)?a:b}')
done
printf 'best: octal %.2f s, QUADSPI %.2f s, ratio %.2f\n' "$best_o" "$best_q" "$(awk "BEGIN{print $best_o/$best_q}")"

#!/usr/bin/env bash
# XIP speed (issue 4): the CPU benchmark (firmware/bench/compute.c) on stm32h750-w25q128, once
# executing in place from the W25Q128JV through the QUADSPI memory-mapped window and once from AXI
# SRAM, each started by its bootloader from internal flash. Whole `./xipkit run` wall time (JVM
# start included), alternating, best of N. Usage: bench/xip-vs-ram.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
e=firmware/elf/stm32h7/stm32h750-w25q128
./xipkit boards >/dev/null
now() { date +%s.%N; }
best_x=""; best_r=""
for i in $(seq "$runs"); do
  t0=$(now); ./xipkit run --board stm32h750-w25q128 "$e-bootloader.elf" "$e-bench_xip.elf" >/dev/null 2>&1; t1=$(now)
  ./xipkit run --board stm32h750-w25q128 "$e-bootloader_ram.elf" "$e-bench_ram.elf" >/dev/null 2>&1; t2=$(now)
  x=$(awk "BEGIN{print $t1-$t0}"); r=$(awk "BEGIN{print $t2-$t1}")
  printf 'run %d: XIP %.2f s, RAM %.2f s, ratio %.2f\n' "$i" "$x" "$r" "$(awk "BEGIN{print $x/$r}")"
  best_x=$(awk -v a="$x" -v b="${best_x:-1e9}" 'BEGIN{print (a<b)?a:b}')
  best_r=$(awk -v a="$r" -v b="${best_r:-1e9}" 'BEGIN{print (a<b)?a:b}')
done
printf 'best: XIP %.2f s, RAM %.2f s, ratio %.2f (target: at most 1.3)\n' "$best_x" "$best_r" "$(awk "BEGIN{print $best_x/$best_r}")"

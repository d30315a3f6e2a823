#!/usr/bin/env bash
# Wall time of `./xipkit run` (JVM start and image loading included) against
# `qemu-system-arm -M mps2-an500` on the same ELF, alternating, in the same session.
# Usage: bench/cpu-vs-qemu.sh [ELF] [RUNS] [xipkit run options, e.g. --jit]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
elf="${1:-firmware/elf/generic-m7/bench-compute.elf}"
runs="${2:-3}"
./xipkit boards >/dev/null   # build first, outside the measurement
for i in $(seq "$runs"); do
  t0=$(date +%s.%N); ./xipkit run --board generic-m7 "${@:3}" "$elf" >/dev/null; t1=$(date +%s.%N)
  qemu-system-arm -M mps2-an500 -nographic -monitor none -serial none -semihosting -kernel "$elf" >/dev/null </dev/null
  t2=$(date +%s.%N)
  x=$(awk "BEGIN{print $t1-$t0}"); q=$(awk "BEGIN{print $t2-$t1}")
  printf 'run %d: xipkit %.2f s, qemu %.2f s, ratio %.2f\n' "$i" "$x" "$q" "$(awk "BEGIN{print $x/$q}")"
  best_x=$(awk -v a="$x" -v b="${best_x:-1e9}" 'BEGIN{print (a<b)?a:b}')
  best_q=$(awk -v a="$q" -v b="${best_q:-1e9}" 'BEGIN{print (a<b)?a:b}')
done
printf 'best: xipkit %.2f s, qemu %.2f s, ratio %.2f (target: at most 10)\n' "$best_x" "$best_q" "$(awk "BEGIN{print $best_x/$best_q}")"

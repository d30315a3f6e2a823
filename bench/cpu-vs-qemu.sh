#!/usr/bin/env bash
# Wall time of `./xipkit run` (JVM start and image loading included) against
# `qemu-system-arm -M mps2-an500` on the same ELF, alternating, in the same session; with the
# CPU time (user + sys) of each process beside it, which a loaded machine disturbs far less.
# Usage: bench/cpu-vs-qemu.sh [ELF] [RUNS] [xipkit run options, e.g. --no-jit]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
elf="${1:-firmware/elf/generic-m7/bench-compute.elf}"
runs="${2:-3}"
./xipkit boards >/dev/null   # build first, outside the measurement
t=$(mktemp)
trap 'rm -f "$t"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S' -o "$t" ./xipkit run --board generic-m7 "${@:3}" "$elf" >/dev/null
  read -r x xu xs <"$t"
  /usr/bin/time -f '%e %U %S' -o "$t" qemu-system-arm -M mps2-an500 -nographic -monitor none -serial none -semihosting -kernel "$elf" >/dev/null </dev/null
  read -r q qu qs <"$t"
  xc=$(awk "BEGIN{print $xu+$xs}"); qc=$(awk "BEGIN{print $qu+$qs}")
  printf 'run %d: wall xipkit %.2f s, qemu %.2f s, ratio %.2f; cpu xipkit %.2f s, qemu %.2f s, ratio %.2f\n' \
    "$i" "$x" "$q" "$(awk "BEGIN{print $x/$q}")" "$xc" "$qc" "$(awk "BEGIN{print $xc/$qc}")"
  best_x=$(awk -v a="$x" -v b="${best_x:-1e9}" 'BEGIN{print (a<b)?a:b}')
  best_q=$(awk -v a="$q" -v b="${best_q:-1e9}" 'BEGIN{print (a<b)?a:b}')
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'best wall: xipkit %.2f s, qemu %.2f s, ratio %.2f (target: at most 3)\n' "$best_x" "$best_q" "$(awk "BEGIN{print $best_x/$best_q}")"

#!/bin/bash
# A/B of two xipkit jars, alternating on one machine: the in-process compute benchmark (best of 2)
# and a whole XIP run on stm32h750-w25q128, per round. Usage: bench/ab.sh A.jar B.jar [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 rounds=${3:-3}
e=firmware/elf/stm32h7/stm32h750-w25q128
for r in $(seq "$rounds"); do
  for j in "$a" "$b"; do
    echo "== round $r $j load $(cut -d' ' -f1 /proc/loadavg)"
    java -jar "$j" bench --repeat 2 2>&1 | grep -i "best"
    s=$(date +%s.%N)
    java -jar "$j" run --board stm32h750-w25q128 "$e-bootloader.elf" "$e-bench_xip.elf" > /dev/null 2>&1
    echo "xip $(echo "$(date +%s.%N) - $s" | bc) s"
  done
done

#!/usr/bin/env bash
# Debugging overhead (issue 12): the CPU benchmark (bench-compute.elf) on generic-m7, once with
# `./xipkit run` and once under `./xipkit gdb` with gdb-multiarch attached, no breakpoints, a plain
# `continue` to the program's exit, then `monitor quit`. Whole wall time of each xipkit process
# (JVM start included), alternating, best of N. Usage: bench/gdb-vs-run.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-2}"
elf=firmware/elf/generic-m7/bench-compute.elf
./xipkit boards >/dev/null
now() { date +%s.%N; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
best_r=""; best_g=""
for i in $(seq "$runs"); do
  t0=$(now); ./xipkit run --board generic-m7 "$elf" >/dev/null 2>&1 || true; t1=$(now)
  ./xipkit gdb --board generic-m7 --port 0 "$elf" >/dev/null 2>"$tmp/err" &
  server=$!
  until grep -qs '127.0.0.1:' "$tmp/err"; do sleep 0.05; done
  port=$(grep -o '127.0.0.1:[0-9]*' "$tmp/err" | cut -d: -f2)
  gdb-multiarch -batch -nx -ex "target extended-remote 127.0.0.1:$port" -ex continue -ex 'monitor quit' "$elf" >/dev/null 2>&1
  wait "$server"; t2=$(now)
  r=$(awk "BEGIN{print $t1-$t0}"); g=$(awk "BEGIN{print $t2-$t1}")
  printf 'run %d: run %.2f s, gdb %.2f s, ratio %.2f\n' "$i" "$r" "$g" "$(awk "BEGIN{print $g/$r}")"
  best_r=$(awk -v a="$r" -v b="${best_r:-1e9}" 'BEGIN{print (a<b)?a:b}')
  best_g=$(awk -v a="$g" -v b="${best_g:-1e9}" 'BEGIN{print (a<b)?a:b}')
done
printf 'best: run %.2f s, gdb %.2f s, ratio %.2f (target: at most 1.10)\n' "$best_r" "$best_g" "$(awk "BEGIN{print $best_g/$best_r}")"

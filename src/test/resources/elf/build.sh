#!/usr/bin/env bash
# Rebuilds hello.elf (committed) from hello.c + vectors.c with newlib's rdimon crt0.
# Soft float: rdimon crt0 does not enable the FPU (CPACR) before C code runs.
# Check against QEMU: qemu-system-arm -M mps2-an500 -nographic -semihosting -kernel hello.elf
#   prints "hello" and exits with status 7.
set -euo pipefail
cd "$(dirname "$0")"
arm-none-eabi-gcc -mcpu=cortex-m7 -mthumb -mfloat-abi=soft -O2 -g0 -ffile-prefix-map="$PWD"=. \
  --specs=rdimon.specs -T hello.ld -Wl,--build-id=none -Wl,--strip-debug -Wl,--no-warn-rwx-segments \
  vectors.c hello.c -o hello.elf

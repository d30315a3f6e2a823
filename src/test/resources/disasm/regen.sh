#!/bin/sh
# Regenerates the golden files for ThumbDisassemblerDifferentialTest:
#   <name>.o    assembled from <name>.S for Cortex-M7 with FPv5-D16
#   <name>.txt  the GNU objdump listing the test compares against
# Needs arm-none-eabi-as and arm-none-eabi-objdump (Debian: gcc-arm-none-eabi / binutils-arm-none-eabi).
# The committed goldens were made with GNU binutils 2.40; other versions may print a few forms differently.
set -eu
cd "$(dirname "$0")"
for src in *.S; do
    name=${src%.S}
    arm-none-eabi-as -mcpu=cortex-m7 -mfpu=fpv5-d16 -mthumb -o "$name.o" "$src"
    arm-none-eabi-objdump -d "$name.o" > "$name.txt"
done
arm-none-eabi-objdump --version | head -1

#!/bin/sh
# Rebuilds the committed test images. Needs gcc-arm-none-eabi; the tests themselves do not.
# After regenerating, update the readelf facts recorded in ElfImageTest (run the readelf lines below).
set -eu
cd "$(dirname "$0")"
CFLAGS="-mcpu=cortex-m7 -mthumb -Os -g0 -nostdlib -nostartfiles -ffreestanding -fno-common"
arm-none-eabi-gcc $CFLAGS -T blinky.ld -Wl,--build-id=none -o blinky.elf blinky.c
arm-none-eabi-objcopy -O ihex blinky.elf blinky.hex
arm-none-eabi-objcopy -O binary -j .isr_vector -j .text blinky.elf blinky-text.bin
# A relocatable object: valid ARM ELF but not an executable.
arm-none-eabi-gcc $CFLAGS -c -o blinky.o blinky.c
arm-none-eabi-readelf -h -l -s blinky.elf

#!/usr/bin/env bash
# Rebuilds every firmware tree (the generic-m7 corpus, the STM32H7 and NUCLEO-L476RG reference
# firmware, the flash algorithms, the NUCLEO-H7S3L8 and STM32H7B3I-DK boot chains) into a temporary directory and checks
# that every output is byte-for-byte identical
# to the committed one under firmware/elf/, with none missing or extra. Fails loudly when the
# toolchain is absent.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fw="$root/firmware"
committed="$fw/elf/generic-m7"

# objcopy, objdump, nm, gzip and od also stamp the self-updating images (firmware/stm32h7/selfupdate/stamp.sh).
for tool in arm-none-eabi-gcc arm-none-eabi-objcopy arm-none-eabi-objdump arm-none-eabi-nm make cmp gzip od; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "firmware.sh: FAIL: '$tool' not found; install the Debian packages gcc-arm-none-eabi, libnewlib-arm-none-eabi and make" >&2
        exit 1
    fi
done
if [ ! -f "$(arm-none-eabi-gcc -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -print-file-name=librdimon.a)" ]; then
    echo "firmware.sh: FAIL: newlib's librdimon.a for cortex-m7 hard-float is missing; install libnewlib-arm-none-eabi" >&2
    exit 1
fi
echo "firmware.sh: toolchain $(arm-none-eabi-gcc --version | head -1)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0

# check_tree LABEL SRC COMMITTED: rebuild SRC's Makefile into a temporary directory and compare
# every output byte for byte with COMMITTED; nothing may be missing or extra.
check_tree() {
    local label="$1" src="$2" committed="$3" st=0
    make -s -C "$src" OUT="$tmp/out-$label" BUILD="$tmp/build-$label" -j2 all >"$tmp/make-$label.log" 2>&1 || {
        cat "$tmp/make-$label.log" >&2
        echo "firmware.sh: FAIL: $label firmware build failed" >&2
        exit 1
    }
    local expected name path count
    expected="$(make -s -C "$src" OUT="$committed" list | sort)"
    for name in $expected; do
        if [ ! -f "$committed/$name" ]; then
            echo "firmware.sh: FAIL: $name is built by ${src#$root/}/Makefile but not committed in ${committed#$root/}" >&2
            st=1
        elif ! cmp -s "$tmp/out-$label/$name" "$committed/$name"; then
            echo "firmware.sh: FAIL: rebuilt $label $name differs from the committed copy (not reproducible, or sources changed without 'make -C ${src#$root/}')" >&2
            cmp "$tmp/out-$label/$name" "$committed/$name" >&2 || true
            st=1
        fi
    done
    for path in "$committed"/*; do
        name="$(basename "$path")"
        if ! grep -qx "$name" <<<"$expected"; then
            echo "firmware.sh: FAIL: committed $label $name is not produced by ${src#$root/}/Makefile" >&2
            st=1
        fi
    done
    count="$(wc -w <<<"$expected")"
    if [ "$st" -eq 0 ]; then
        echo "firmware.sh: $count $label files rebuilt, all identical to the committed copies"
        echo "firmware-$label: $count passed, 0 failed"
    else
        status=1
    fi
}

check_tree examples "$fw/examples" "$fw/elf/examples"
check_tree generic-m7 "$fw" "$fw/elf/generic-m7"
check_tree stm32h7 "$fw/stm32h7" "$fw/elf/stm32h7"
check_tree nucleo-l476rg "$fw/nucleo-l476rg" "$fw/elf/nucleo-l476rg"
check_tree flashalgo "$fw/flashalgo" "$fw/elf/flashalgo"
check_tree nucleo-h7s3l8 "$fw/nucleo-h7s3l8" "$fw/elf/nucleo-h7s3l8"
check_tree stm32h7b3i-dk "$fw/stm32h7b3i-dk" "$fw/elf/stm32h7b3i-dk"
exit "$status"

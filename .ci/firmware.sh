#!/usr/bin/env bash
# Rebuilds the generic-m7 firmware corpus into a temporary directory and checks that
# every ELF is byte-for-byte identical to the committed one in firmware/elf/generic-m7,
# and that no committed ELF is missing or extra. Fails loudly when the toolchain is absent.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fw="$root/firmware"
committed="$fw/elf/generic-m7"

for tool in arm-none-eabi-gcc make cmp; do
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
make -s -C "$fw" OUT="$tmp/elf" BUILD="$tmp/build" -j2 all >"$tmp/make.log" 2>&1 || {
    cat "$tmp/make.log" >&2
    echo "firmware.sh: FAIL: firmware build failed" >&2
    exit 1
}

status=0
expected="$(make -s -C "$fw" OUT="$committed" list | sort)"
for name in $expected; do
    if [ ! -f "$committed/$name" ]; then
        echo "firmware.sh: FAIL: $name is built by the Makefile but not committed in firmware/elf/generic-m7" >&2
        status=1
    elif ! cmp -s "$tmp/elf/$name" "$committed/$name"; then
        echo "firmware.sh: FAIL: rebuilt $name differs from the committed copy (not reproducible, or sources changed without 'make -C firmware')" >&2
        cmp "$tmp/elf/$name" "$committed/$name" >&2 || true
        status=1
    fi
done
for path in "$committed"/*.elf; do
    name="$(basename "$path")"
    if ! grep -qx "$name" <<<"$expected"; then
        echo "firmware.sh: FAIL: committed $name is not produced by the Makefile" >&2
        status=1
    fi
done
count="$(wc -w <<<"$expected")"
if [ "$status" -eq 0 ]; then
    echo "firmware.sh: $count ELFs rebuilt, all identical to the committed copies"
    echo "firmware: $count passed, 0 failed"
fi

# Board firmware trees (each with its own Makefile and committed outputs): same check.
check_tree() {
    local label="$1" src="$fw/$1" committed="$fw/elf/$1" st=0
    make -s -C "$src" OUT="$tmp/elf-$label" BUILD="$tmp/build-$label" -j2 all >"$tmp/make-$label.log" 2>&1 || {
        cat "$tmp/make-$label.log" >&2
        echo "firmware.sh: FAIL: $label firmware build failed" >&2
        exit 1
    }
    local expected name path count
    expected="$(make -s -C "$src" list | sort)"
    for name in $expected; do
        if [ ! -f "$committed/$name" ]; then
            echo "firmware.sh: FAIL: $name is built by firmware/$label/Makefile but not committed in firmware/elf/$label" >&2
            st=1
        elif ! cmp -s "$tmp/elf-$label/$name" "$committed/$name"; then
            echo "firmware.sh: FAIL: rebuilt $label $name differs from the committed copy (not reproducible, or sources changed without 'make -C firmware/$label')" >&2
            cmp "$tmp/elf-$label/$name" "$committed/$name" >&2 || true
            st=1
        fi
    done
    for path in "$committed"/*; do
        name="$(basename "$path")"
        if ! grep -qx "$name" <<<"$expected"; then
            echo "firmware.sh: FAIL: committed $label $name is not produced by firmware/$label/Makefile" >&2
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
check_tree stm32h7
check_tree nucleo-l476rg
exit "$status"

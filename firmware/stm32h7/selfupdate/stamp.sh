#!/bin/sh
# Writes the image header (image.h) into a linked self-updating application:
#   stamp.sh CROSS ELF VERSION TMP
# The image is what `objcopy -O binary` gives from the vector table on (the header section left
# out, gaps as erased flash 0xFF): its size and CRC-32 go into the header with the version, the
# vector table's address and the header's own CRC-32. CRC-32 is gzip's (RFC 1952 section 8: the
# trailer's CRC32 field, little-endian), the same as image_crc32(). TMP: prefix of scratch files;
# TMP.slot is left with the whole slot as an updater writes it.
set -eu
cross=$1 elf=$2 version=$3 tmp=$4

crc32() { gzip -n -c <"$1" | tail -c 8 | od -An -tu4 -N4 --endian=little | tr -d ' '; }
le32() {
    v=$(($1))
    for s in 0 8 16 24; do printf "\\$(printf '%03o' $(((v >> s) & 255)))"; done
}

# Empty sections are left out: the linker gives an empty .data its RAM address as load address,
# which would stretch the binary down to 0x24000000.
sections=$("${cross}objdump" -h "$elf" | awk '$1 ~ /^[0-9]+$/ && $2 != ".image_header" && $3 !~ /^0+$/ { printf " -j %s", $2 }')
# shellcheck disable=SC2086
"${cross}objcopy" -O binary --gap-fill 0xff $sections "$elf" "$tmp.image"
size=$(wc -c <"$tmp.image" | tr -d ' ')
crc=$(crc32 "$tmp.image")
symbol() { "${cross}nm" "$elf" | awk -v n="$1" '$3 == n { print $1 }'; }
load=$(symbol __vectors)
end=$(symbol __image_end)
if [ -z "$load" ] || [ -z "$end" ] || [ $((0x$end - 0x$load)) -ne "$size" ]; then
    echo "stamp.sh: $elf: image from __vectors ($load) to __image_end ($end) is not the $size bytes objcopy gives" >&2
    exit 1
fi
{
    le32 0x31555358
    le32 "$version"
    le32 "$size"
    le32 "$crc"
    le32 "0x$load"
    le32 0xFFFFFFFF
    le32 0xFFFFFFFF
} >"$tmp.header"
le32 "$(crc32 "$tmp.header")" >>"$tmp.header"
"${cross}objcopy" --update-section .image_header="$tmp.header" "$elf"
# The slot as an updater writes it (the v1 application embeds v2's): header, erased gap, image.
{
    cat "$tmp.header"
    head -c $((0x400 - 32)) /dev/zero | tr '\000' '\377'
    cat "$tmp.image"
} >"$tmp.slot"

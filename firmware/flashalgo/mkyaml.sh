#!/bin/sh
# mkyaml.sh CROSS FILE.FLM WORKDIR [TARGET.yaml]: prints the probe-rs flash_algorithms entry for an FLM, the way
# probe-rs target-gen extracts it (target-gen parser.rs, algorithm_binary.rs): instructions = PrgCode,
# PrgData and zeroed bss by address, base64; pc_* = symbol value (Thumb bit included) - PrgCode start;
# data_section_offset = start of PrgData; flash_properties from FlashDevice (FlashOS.h offsets).
# Key names and value formats as probe-rs-target serialises them (hex as 0x..., timeouts decimal).
# Built with binutils and POSIX tools only; io.xipkit.tools.flashalgo.ProbeRsYamlWriter writes the same
# text from the same file, and a test checks that the two agree byte for byte.
# With TARGET.yaml (targets/BOARD.yaml: the board's variant and memory_map), the output is a whole
# probe-rs target description (--chip-description-path): that head, the variant's list of
# algorithm names, then the entry; as io.xipkit.tools.flashalgo.ProbeRsTargetWriter writes it.
set -eu
cross="$1"; flm="$2"; work="$3"; target="${4:-}"
mkdir -p "$work"
sections() { "${cross}readelf" -S -W "$flm" | sed 's/\[ */[/' ; }
# name type address size of a section (empty if absent)
sect() { sections | awk -v n="$1" -v t="$2" '$2 == n && $3 == t { print $4, $6 }' ; }
hexnum() { printf '%d' "0x$1"; }
code=$(sect PrgCode PROGBITS); data=$(sect PrgData PROGBITS); bss=$(sect PrgData NOBITS)
end=0
for s in "$code" "$data" "$bss"; do
    [ -n "$s" ] || continue
    set -- $s
    e=$(( $(hexnum "$1") + $(hexnum "$2") ))
    [ "$e" -gt "$end" ] && end=$e
done
if [ -n "$data" ]; then dso=$(hexnum "${data%% *}"); elif [ -n "$bss" ]; then dso=$(hexnum "${bss%% *}"); else set -- $code; dso=$(( $(hexnum "$1") + $(hexnum "$2") )); fi
"${cross}objcopy" -O binary -j PrgCode -j PrgData "$flm" "$work/blob.bin"
size=$(wc -c < "$work/blob.bin")
if [ "$size" -lt "$end" ]; then head -c $(( end - size )) /dev/zero >> "$work/blob.bin"; fi
"${cross}objcopy" -O binary -j DevDscr "$flm" "$work/dev.bin"
u32() { od -A n -t u4 -j "$1" -N 4 "$work/dev.bin" | tr -d ' ' ; }
u8() { od -A n -t u1 -j "$1" -N 1 "$work/dev.bin" | tr -d ' ' ; }
devname=$(dd if="$work/dev.bin" bs=1 skip=2 count=128 2>/dev/null | tr -d '\000' | sed "s/'/''/g")
# st_value as stored: a Thumb function's value has bit 0 set (IHI 0044 section 5.5.3); nm would clear it.
sym() { "${cross}readelf" -s -W "$flm" | awk -v n="$1" '$8 == n && $4 == "FUNC" { print $2 }' ; }
hex() { printf '0x%x' "$1"; }
base=$(basename "$flm"); stem=$(printf '%s' "${base%.*}" | tr 'A-Z' 'a-z')
if [ -n "$target" ]; then
    grep -v '^#' "$target"
    echo "  flash_algorithms:"
    echo "  - '$stem'"
fi
echo "flash_algorithms:"
echo "- name: '$stem'"
echo "  description: '$devname'"
echo "  default: true"
echo "  instructions: $(base64 -w 0 "$work/blob.bin")"
for pair in Init:pc_init UnInit:pc_uninit EraseSector:pc_erase_sector EraseChip:pc_erase_all \
            ProgramPage:pc_program_page Verify:pc_verify BlankCheck:pc_blank_check ReadFlash:pc_read; do
    v=$(sym "${pair%%:*}")
    [ -n "$v" ] && echo "  ${pair#*:}: $(hex $(( 0x$v )))"
done
echo "  data_section_offset: $(hex "$dso")"
start=$(u32 132); szdev=$(u32 136)
echo "  flash_properties:"
echo "    address_range:"
echo "      start: $(hex "$start")"
echo "      end: $(hex $(( start + szdev )))"
echo "    page_size: $(hex "$(u32 140)")"
echo "    erased_byte_value: $(hex "$(u8 148)")"
echo "    program_page_timeout: $(u32 152)"
echo "    erase_sector_timeout: $(u32 156)"
echo "    sectors:"
off=160
while :; do
    sz=$(u32 $off); ad=$(u32 $(( off + 4 )))
    [ "$sz" = 4294967295 ] && [ "$ad" = 4294967295 ] && break
    echo "    - size: $(hex "$sz")"
    echo "      address: $(hex "$ad")"
    off=$(( off + 8 ))
done

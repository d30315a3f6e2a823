/*
 * A 64 KB asset table generated at assembly time, followed by its checksum.
 * Word i = (i * 0x9E3779B1 + 0x7F4A7C15) mod 2^32; checksum = FNV-1a over the words:
 * h = 0x811C9DC5, h = ((h ^ word) * 0x01000193) mod 2^32. (GAS evaluates the expressions in
 * 64-bit arithmetic on a 64-bit host; every intermediate value stays below 2^63.)
 */
    .section .rodata.assets, "a", %progbits
    .align 5
    .global assets, assets_end, assets_checksum
assets:
    .set i, 0
    .set h, 0x811C9DC5
    .rept 16384
    .set w, (i * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF
    .word w
    .set h, ((h ^ w) * 0x01000193) & 0xFFFFFFFF
    .set i, i + 1
    .endr
assets_end:
assets_checksum:
    .word h

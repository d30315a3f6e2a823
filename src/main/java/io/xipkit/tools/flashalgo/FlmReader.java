package io.xipkit.tools.flashalgo;

import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.image.Symbol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads a CMSIS-Pack flash algorithm (.FLM).
 *
 * <p>Facts, as pyOCD (pyocd/target/pack/flash_algo.py: PackFlashAlgo, PackFlashInfo) and probe-rs
 * (target-gen algorithm_binary.rs, flash_device.rs, parser.rs) read the format:
 * <ul>
 * <li>code is section {@code PrgCode} (PROGBITS), starting at address 0; initialised data is
 *     {@code PrgData} (PROGBITS), zero-initialised data {@code PrgData} (NOBITS); the blob is the
 *     three laid out by address, bss as zeros. The code is position independent: R9 holds the
 *     address of the data (static base).</li>
 * <li>symbol {@code FlashDevice} is the device description: Vers u16 @0, DevName char[128] @2,
 *     DevType u16 @130, DevAdr u32 @132, szDev @136, szPage @140, Res @144, valEmpty u8 @148,
 *     toProg ms @152, toErase ms @156 (160 bytes), then {szSector, AddrSector} u32 pairs, AddrSector
 *     relative to DevAdr, until a pair of 0xFFFFFFFF (pyOCD FLASH_DEVICE_STRUCT "&lt;H128sHLLLLBxxxLL").</li>
 * <li>functions are the symbols Init, UnInit, EraseSector, ProgramPage, EraseChip, Verify,
 *     BlankCheck (and probe-rs's ReadFlash); EraseSector and ProgramPage are required.</li>
 * </ul>
 */
public final class FlmReader {
    static final int DEVICE_INFO_BYTES = 160;
    static final long SECTOR_END = 0xFFFF_FFFFL;
    /** More sector runs than any real device has; bounds the scan of a damaged file. */
    static final int MAX_SECTOR_RUNS = 512;

    private FlmReader() {}

    public static AlgorithmImage read(String file, byte[] bytes) throws AlgorithmFormatException {
        ElfAlgorithm elf = ElfAlgorithm.parse(file, bytes);
        ElfSection ro = null, rw = null, zi = null;
        for (ElfSection s : elf.sections()) {
            if (!s.name().equals("PrgCode") && !s.name().equals("PrgData")) continue;
            boolean code = s.name().equals("PrgCode");
            if (code && s.type() == ElfSection.SHT_PROGBITS) ro = only(elf, ro, s);
            else if (!code && s.type() == ElfSection.SHT_PROGBITS) rw = only(elf, rw, s);
            else if (!code && s.isNoBits()) zi = only(elf, zi, s);
        }
        if (ro == null) throw elf.error("no PrgCode section: not a CMSIS flash algorithm (FLM)");
        if (ro.address() != 0) throw elf.error(String.format("PrgCode starts at 0x%08X; an FLM's code starts at 0", ro.address()));
        long end = ro.end();
        for (ElfSection s : new ElfSection[] {rw, zi}) {
            if (s != null) end = Math.max(end, s.end());
        }
        if (end > ElfAlgorithm.MAX_CODE_BYTES) throw elf.error("code and data span 0x" + Long.toHexString(end) + " bytes; too large for a flash algorithm");
        byte[] blob = new byte[(int) end];
        List<ElfSection> placed = new ArrayList<>();
        for (ElfSection s : new ElfSection[] {ro, rw, zi}) {
            if (s == null) continue;
            for (ElfSection p : placed) {
                if (s.address() < p.end() && p.address() < s.end()) {
                    throw elf.error("sections " + p.name() + " and " + s.name() + " overlap at 0x" + Long.toHexString(Math.max(s.address(), p.address())));
                }
            }
            placed.add(s);
            System.arraycopy(s.data(), 0, blob, (int) s.address(), s.data().length);
        }
        long dataOffset = rw != null ? rw.address() : zi != null ? zi.address() : ro.end();

        Symbol dev = elf.symbol("FlashDevice");
        if (dev == null) throw elf.error("no FlashDevice symbol: the device description is missing");
        FlashProperties flash = flashDevice(elf, dev.address());

        Map<AlgorithmFunction, Long> entries = new EnumMap<>(AlgorithmFunction.class);
        for (AlgorithmFunction f : AlgorithmFunction.values()) {
            if (f.cmsisSymbol() == null) continue;
            Symbol s = elf.symbol(f.cmsisSymbol());
            if (s == null) continue;
            if (s.address() >= ro.end()) {
                throw elf.error(String.format("%s at 0x%08X is outside PrgCode (0..0x%X)", f.cmsisSymbol(), s.address(), ro.end()));
            }
            entries.put(f, elf.entryOffset(s, 0));
        }
        for (AlgorithmFunction required : new AlgorithmFunction[] {AlgorithmFunction.ERASE_SECTOR, AlgorithmFunction.PROGRAM_PAGE}) {
            if (!entries.containsKey(required)) throw elf.error("no " + required.cmsisSymbol() + " function");
        }
        try {
            return new AlgorithmImage(ElfAlgorithm.stem(file), AlgorithmFormat.FLM, blob, OptionalLong.empty(), OptionalLong.empty(),
                    entries, dataOffset, flash, OptionalLong.empty(), false, elf.functions(0, ro.end()));
        } catch (IllegalArgumentException e) {
            throw elf.error(e.getMessage());
        }
    }

    private static ElfSection only(ElfAlgorithm elf, ElfSection had, ElfSection s) throws AlgorithmFormatException {
        if (had != null) throw elf.error("two " + s.name() + " sections of the same type");
        return s;
    }

    private static FlashProperties flashDevice(ElfAlgorithm elf, long at) throws AlgorithmFormatException {
        byte[] d = elf.read(at, DEVICE_INFO_BYTES, "FlashDevice", "DevDscr");
        List<SectorRun> runs = new ArrayList<>();
        for (int i = 0; ; i++) {
            if (i == MAX_SECTOR_RUNS) throw elf.error("FlashDevice sector list has no end marker within " + MAX_SECTOR_RUNS + " entries");
            byte[] pair = elf.read(at + DEVICE_INFO_BYTES + 8L * i, 8, "FlashDevice sector entry " + i + " (no end marker?)", "DevDscr");
            long size = ElfAlgorithm.u32(pair, 0), addr = ElfAlgorithm.u32(pair, 4);
            if (size == SECTOR_END && addr == SECTOR_END) break;
            if (size == 0) throw elf.error(String.format("FlashDevice sector entry %d has size 0 (address offset 0x%X)", i, addr));
            runs.add(new SectorRun(addr, size));
        }
        try {
            return new FlashProperties(ElfAlgorithm.cString(d, 2, 128), ElfAlgorithm.u16(d, 130), ElfAlgorithm.u32(d, 132),
                    ElfAlgorithm.u32(d, 136), ElfAlgorithm.u32(d, 140), d[148] & 0xFF, ElfAlgorithm.u32(d, 152), ElfAlgorithm.u32(d, 156), runs);
        } catch (IllegalArgumentException e) {
            throw elf.error("FlashDevice: " + e.getMessage());
        }
    }
}

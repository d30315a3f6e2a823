package io.xipkit.tools.flashalgo;

import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.image.Symbol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads an STM32CubeProgrammer external loader (.stldr).
 *
 * <p>Facts from ST's stm32-external-loader repository (STM32H7x_boards/.../Includes/Loader/Dev_Inf.h,
 * Sources/Loader/Dev_Inf.c, Loader_Src.c, Project/EWARM/Target.icf):
 * <ul>
 * <li>the loader is an ELF linked at a fixed RAM address (0x24000004 on the H7 boards; the word
 *     before it is left for the breakpoint the tool returns to); code, data and bss are loaded
 *     where they are linked;</li>
 * <li>symbol {@code StorageInfo} describes the memory: DeviceName char[100] @0, DeviceType u16
 *     @100 (MCU_FLASH 1, NAND_FLASH 2, NOR_FLASH 3, SRAM 4, PSRAM 5, PC_CARD 6, SPI_FLASH 7,
 *     I2C_FLASH 8, SDRAM 9, I2C_EEPROM 10), DeviceStartAddress u32 @104, DeviceSize @108, PageSize
 *     @112, EraseValue u8 @116, then up to SECTOR_NUM = 10 {SectorNum, SectorSize} u32 pairs @120,
 *     ended by a {0, 0} pair (ARM EABI alignment of the struct members);</li>
 * <li>functions Init(), Write(Address, Size, buffer), SectorErase(start, end), MassErase(Parallelism),
 *     Read, Verify (64-bit result), CheckSum; they return 1 on success, 0 on failure.</li>
 * </ul>
 * The section holding StorageInfo is not loaded (the tool reads it from the file) unless code
 * shares it.
 */
public final class StldrReader {
    static final int STORAGE_INFO_BYTES = 120;
    static final int SECTOR_NUM = 10;

    private StldrReader() {}

    public static AlgorithmImage read(String file, byte[] bytes) throws AlgorithmFormatException {
        ElfAlgorithm elf = ElfAlgorithm.parse(file, bytes);
        Symbol info = elf.symbol("StorageInfo");
        if (info == null) throw elf.error("no StorageInfo symbol: not an STM32CubeProgrammer external loader (.stldr)");
        FlashProperties flash = storageInfo(elf, info.address());

        Map<AlgorithmFunction, Symbol> functions = new EnumMap<>(AlgorithmFunction.class);
        for (AlgorithmFunction f : AlgorithmFunction.values()) {
            Symbol s = f.stSymbol() == null ? null : elf.symbol(f.stSymbol());
            if (s != null) functions.put(f, s);
        }
        for (AlgorithmFunction required : new AlgorithmFunction[] {AlgorithmFunction.PROGRAM_PAGE, AlgorithmFunction.ERASE_SECTOR}) {
            if (!functions.containsKey(required)) throw elf.error("no " + required.stSymbol() + " function");
        }
        ElfSection infoSection = elf.sectionAt(info.address());
        List<ElfSection> loaded = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (!s.isAllocated() || s.size() == 0) continue;
            if (s == infoSection && functions.values().stream().noneMatch(f -> f.address() >= s.address() && f.address() < s.end())) continue;
            loaded.add(s);
        }
        if (loaded.isEmpty()) throw elf.error("no loadable sections besides StorageInfo");
        long base = Long.MAX_VALUE, end = 0;
        for (ElfSection s : loaded) {
            base = Math.min(base, s.address());
            end = Math.max(end, s.end());
        }
        if (end - base > ElfAlgorithm.MAX_CODE_BYTES) {
            throw elf.error(String.format("loaded sections span 0x%08X..0x%08X; too large for a flash loader", base, end));
        }
        byte[] blob = new byte[(int) (end - base)];
        long dataOffset = blob.length;
        for (ElfSection s : loaded) {
            System.arraycopy(s.data(), 0, blob, (int) (s.address() - base), s.data().length);
            if ((s.flags() & 1) != 0) dataOffset = Math.min(dataOffset, s.address() - base); // SHF_WRITE
        }
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(AlgorithmFunction.class);
        for (Map.Entry<AlgorithmFunction, Symbol> e : functions.entrySet()) {
            Symbol s = e.getValue();
            if (s.address() >= end) throw elf.error(String.format("%s at 0x%08X is outside the loaded sections", s.name(), s.address()));
            entries.put(e.getKey(), elf.entryOffset(s, base));
        }
        try {
            return new AlgorithmImage(ElfAlgorithm.stem(file), AlgorithmFormat.STLDR, blob, OptionalLong.of(base), OptionalLong.empty(),
                    entries, dataOffset, flash, OptionalLong.empty(), false, elf.functions(base, end));
        } catch (IllegalArgumentException e) {
            throw elf.error(e.getMessage());
        }
    }

    private static FlashProperties storageInfo(ElfAlgorithm elf, long at) throws AlgorithmFormatException {
        byte[] d = elf.read(at, STORAGE_INFO_BYTES, "StorageInfo", null);
        List<SectorRun> runs = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < SECTOR_NUM; i++) {
            byte[] pair = elf.read(at + STORAGE_INFO_BYTES + 8L * i, 8, "StorageInfo sector entry " + i, null);
            long count = ElfAlgorithm.u32(pair, 0), size = ElfAlgorithm.u32(pair, 4);
            if (count == 0 || size == 0) break;
            if (count * size > 1L << 32) throw elf.error(String.format("StorageInfo sector entry %d: %d sectors of 0x%X bytes exceed 4 GiB", i, count, size));
            runs.add(new SectorRun(offset, size));
            offset += count * size;
        }
        long size = ElfAlgorithm.u32(d, 108);
        if (offset != size) {
            throw elf.error(String.format("StorageInfo: the sectors cover 0x%X bytes but DeviceSize is 0x%X", offset, size));
        }
        try {
            return new FlashProperties(ElfAlgorithm.cString(d, 0, 100), ElfAlgorithm.u16(d, 100), ElfAlgorithm.u32(d, 104), size,
                    ElfAlgorithm.u32(d, 112), d[116] & 0xFF, 0, 0, runs);
        } catch (IllegalArgumentException e) {
            throw elf.error("StorageInfo: " + e.getMessage());
        }
    }
}

package io.xipkit.tools.image;

import static io.xipkit.tools.image.TestImages.putU16;
import static io.xipkit.tools.image.TestImages.putU32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts below were recorded from {@code arm-none-eabi-readelf -h -l -s -S blinky.elf} (binutils of
 * Debian 12's gcc-arm-none-eabi) when the image was built by regen.sh:
 * <pre>
 *   Entry point address: 0x8000013
 *   LOAD 0x001000 0x08000000 0x08000000 0x0005c 0x0005c R E
 *   LOAD 0x002000 0x20000000 0x0800005c 0x00004 0x00044 RW     (.data .bss)
 *   [5] .symtab SYMTAB off 0x002004 size 0x180, link 6
 *   section headers at 8756, 8 entries; file size 9076
 *   10: 20000004 64 OBJECT LOCAL  scratch        13: 0800005c 0 NOTYPE GLOBAL ABS _sidata
 *   14: 20000004  0 NOTYPE GLOBAL _sbss          15: 20000000 0 NOTYPE GLOBAL _sdata
 *   16: 20000044  0 NOTYPE GLOBAL _ebss          17: 08000054 8 OBJECT GLOBAL table
 *   18: 08000013 66 FUNC   GLOBAL Reset_Handler  19: 08000011 2 FUNC   GLOBAL Default_Handler
 *   20: 20000000  4 OBJECT GLOBAL counter        21: 20004000 0 NOTYPE GLOBAL _estack
 *   22: 20000004  0 NOTYPE GLOBAL _edata         23: 08000000 16 OBJECT GLOBAL vectors
 *   plus $t/$d mapping symbols, 4 SECTION symbols and FILE blinky.c
 * </pre>
 */
class ElfImageTest {

    static final byte[] ELF = TestImages.bytes("blinky.elf");
    static final int PHOFF = 52;

    @Test
    void loadsPtLoadSegmentsAtTheirPhysicalAddressWithZeroFill() throws Exception {
        LoadableImage image = ElfImage.load(TestImages.path("blinky.elf"));

        assertThat(image.name()).isEqualTo("blinky.elf");
        assertThat(image.segments()).hasSize(2);
        LoadableImage.Segment text = image.segments().get(0);
        assertThat(text.address()).isEqualTo(0x0800_0000L);
        assertThat(text.data()).isEqualTo(Arrays.copyOfRange(ELF, 0x1000, 0x1000 + 0x5c));
        LoadableImage.Segment data = image.segments().get(1);
        assertThat(data.address()).as("LMA, not the RAM VMA 0x20000000").isEqualTo(0x0800_005cL);
        assertThat(data.size()).isEqualTo(0x44);
        assertThat(Arrays.copyOf(data.data(), 4)).containsExactly(0x44, 0x33, 0x22, 0x11); // counter = 0x11223344
        assertThat(Arrays.copyOfRange(data.data(), 4, 0x44)).containsOnly(0);
        assertThat(image.entry()).hasValue(0x0800_0013);
    }

    @Test
    void vectorTableIsTheStartOfTheFirstSegment() throws Exception {
        byte[] text = ElfImage.load(TestImages.path("blinky.elf")).segments().get(0).data();
        // initial SP = _estack (0x20004000), reset vector = Reset_Handler | 1
        assertThat(Arrays.copyOf(text, 8)).containsExactly(0x00, 0x40, 0x00, 0x20, 0x13, 0x00, 0x00, 0x08);
    }

    @Test
    void keepsNamedFunctionObjectAndLabelSymbolsWithThumbBitCleared() throws Exception {
        SymbolTable symbols = ElfImage.load(TestImages.path("blinky.elf")).symbols();

        assertThat(symbols.addressOf("Reset_Handler")).hasValue(0x0800_0012);
        assertThat(symbols.addressOf("Default_Handler")).hasValue(0x0800_0010);
        assertThat(symbols.addressOf("table")).hasValue(0x0800_0054);
        assertThat(symbols.addressOf("counter")).hasValue(0x2000_0000);
        assertThat(symbols.addressOf("scratch")).hasValue(0x2000_0004);
        assertThat(symbols.addressOf("_estack")).hasValue(0x2000_4000);
        assertThat(symbols.addressOf("_sidata")).hasValue(0x0800_005c);
        assertThat(symbols.addressOf("missing")).isEmpty();

        List<String> names = new ArrayList<>();
        symbols.forEach(s -> names.add(s.name()));
        assertThat(names).containsExactlyInAnyOrder("scratch", "_sidata", "_sbss", "_sdata", "_ebss", "table",
                "Reset_Handler", "Default_Handler", "counter", "_estack", "_edata", "vectors");
        Symbol reset = findSymbol(symbols, "Reset_Handler");
        assertThat(reset.type()).isEqualTo(Symbol.Type.FUNC);
        assertThat(reset.size()).isEqualTo(66);
        assertThat(reset.global()).isTrue();
        assertThat(findSymbol(symbols, "scratch").global()).isFalse();
        assertThat(findSymbol(symbols, "table").type()).isEqualTo(Symbol.Type.OBJECT);
    }

    @Test
    void describesAddressesRelativeToTheCoveringSymbol() throws Exception {
        SymbolTable symbols = ElfImage.load(TestImages.path("blinky.elf")).symbols();

        assertThat(symbols.describe(0x0800_0012)).isEqualTo("Reset_Handler");
        assertThat(symbols.describe(0x0800_002e)).isEqualTo("Reset_Handler+0x1c");
        assertThat(symbols.describe(0x0800_0011)).isEqualTo("Default_Handler+0x1");
        assertThat(symbols.describe(0x0800_0058)).isEqualTo("table+0x4");
        assertThat(symbols.describe(0x2000_0000)).as("sized OBJECT preferred over label _sdata").isEqualTo("counter");
        assertThat(symbols.describe(0x2000_0044)).isEqualTo("_ebss");
        // Past table's 8 bytes; _sidata there is absolute, so it is not used for descriptions.
        assertThat(symbols.describe(0x0800_005c)).isEqualTo("0x0800005c");
        assertThat(symbols.describe(0x1000_0000)).isEqualTo("0x10000000");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.elf");
        assertThatThrownBy(() -> ElfImage.load(missing))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void rejectsNonElfFiles() {
        assertFails(TestImages.bytes("blinky.hex"), "x.elf: not an ELF file (bad magic number)");
        assertFails(new byte[0], "x.elf: not an ELF file (bad magic number)");
    }

    @Test
    void rejectsElf64() {
        assertFails(modified(b -> b[4] = 2), "x.elf: 64-bit ELF (ELFCLASS64); expected a 32-bit ARM executable");
    }

    @Test
    void rejectsBigEndian() {
        assertFails(modified(b -> b[5] = 2), "x.elf: big-endian ELF; expected little-endian ARM");
    }

    @Test
    void rejectsOtherMachinesByName() {
        assertFails(modified(b -> putU16(b, 18, 62)), "x.elf: wrong machine x86-64 (62); expected ARM (40)");
        assertFails(modified(b -> putU16(b, 18, 183)), "x.elf: wrong machine AArch64 (183); expected ARM (40)");
        assertFails(modified(b -> putU16(b, 18, 4000)), "x.elf: wrong machine machine 4000; expected ARM (40)");
    }

    @Test
    void rejectsRelocatableObjects() {
        assertThatThrownBy(() -> ElfImage.load(TestImages.path("blinky.o")))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("blinky.o: not an executable: relocatable object (ET_REL); link it first");
    }

    @Test
    void rejectsTruncationOfEachPart() {
        assertFails(Arrays.copyOf(ELF, 40), "x.elf: truncated ELF header (file is 40 bytes, header needs 52)");
        assertFails(Arrays.copyOf(ELF, 90),
                "x.elf: program header table (offset 0x34, size 0x40) extends past end of file (90 bytes); file truncated?");
        assertFails(Arrays.copyOf(ELF, 0x1010),
                "x.elf: segment 0: data (offset 0x1000, size 0x5c) extends past end of file (4112 bytes); file truncated?");
        assertFails(Arrays.copyOf(ELF, 8800),
                "x.elf: section header table (offset 0x2234, size 0x140) extends past end of file (8800 bytes); file truncated?");
    }

    @Test
    void everyTruncationIsAFormatError() {
        // The section header table is the last thing in the file, so no proper prefix is complete.
        for (int len = 0; len < ELF.length; len++) {
            int n = len;
            assertThatThrownBy(() -> ElfImage.parse("x.elf", Arrays.copyOf(ELF, n)))
                    .as("truncated to %d bytes", n)
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageStartingWith("x.elf: ");
        }
    }

    @Test
    void rejectsHeaderTablesOverlappingTheElfHeader() {
        assertFails(modified(b -> putU32(b, 28, 0)), "x.elf: program header table at offset 0x0 overlaps the ELF header");
        assertFails(modified(b -> putU32(b, 32, 8)), "x.elf: section header table at offset 0x8 overlaps the ELF header");
    }

    @Test
    void rejectsOverlappingSegments() {
        assertFails(modified(b -> putU32(b, PHOFF + 32 + 12, 0x0800_0050L)),
                "x.elf: segments 0 and 1 overlap at load address 0x08000050");
    }

    @Test
    void rejectsAbsurdSegmentSizes() {
        assertFails(modified(b -> putU32(b, PHOFF + 32 + 20, 0xF000_0000L)),
                "x.elf: segment 1: absurd memory size 0xf0000000 (limit 256 MiB)");
        assertFails(modified(b -> putU32(b, PHOFF + 32 + 20, 2)),
                "x.elf: segment 1: file size 0x4 exceeds memory size 0x2");
        assertFails(modified(b -> putU32(b, PHOFF + 32 + 12, 0xFFFF_FFF0L)),
                "x.elf: segment 1: load address 0xFFFFFFF0 + size 0x44 wraps past the 4 GiB address space");
        assertFails(modified(b -> putU16(b, 42, 56)), "x.elf: program header entry size 56, expected 32");
        assertFails(modified(b -> putU16(b, 44, 0)), "x.elf: no program headers (nothing to load)");
    }

    @Test
    void skipsEmptySegmentsAndRejectsImagesWithNothingToLoad() throws Exception {
        byte[] oneEmpty = modified(b -> {
            putU32(b, PHOFF + 32 + 16, 0);
            putU32(b, PHOFF + 32 + 20, 0);
        });
        assertThat(ElfImage.parse("x.elf", oneEmpty).segments()).hasSize(1);
        byte[] noLoad = modified(b -> {
            putU32(b, PHOFF, 6); // PT_PHDR
            putU32(b, PHOFF + 32, 4); // PT_NOTE
        });
        assertFails(noLoad, "x.elf: no loadable (PT_LOAD) segments");
    }

    /** As QEMU's loader: a symbol table it cannot read is skipped; the program loads from its segments. */
    private static void loadsWithoutSymbols(byte[] elf, String why) throws ImageFormatException {
        LoadableImage image = ElfImage.parse("x.elf", elf);
        assertThat(image.segments()).hasSize(2);
        assertThat(image.symbols().isEmpty()).isTrue();
        assertThat(image.symbols().unusableReason()).isEqualTo(why);
    }

    @Test
    void brokenSymbolTablesLeaveTheProgramLoadableWithoutSymbols() throws ImageFormatException {
        int sh5 = 8756 + 5 * 40; // .symtab section header
        loadsWithoutSymbols(modified(b -> putU32(b, sh5 + 24, 1)), "symbol table links to section 1, which is not a string table");
        loadsWithoutSymbols(modified(b -> putU32(b, sh5 + 24, 99)), "symbol table links to invalid string table section 99");
        loadsWithoutSymbols(modified(b -> putU32(b, sh5 + 20, 0x10000)),
                "symbol table (offset 0x2004, size 0x10000) extends past end of file (9076 bytes); file truncated?");
        int sym23 = 0x2004 + 23 * 16;
        loadsWithoutSymbols(modified(b -> putU32(b, sym23, 0x5000)), "symbol 23: name offset 0x5000 outside string table");
        loadsWithoutSymbols(modified(b -> putU16(b, 50, 30)), "section name table index 30 out of range (8 sections)");
        assertThat(ElfImage.parse("x.elf", ELF).symbols().unusableReason()).isNull();
    }

    @Test
    void strippedImageLoadsWithoutSymbols() throws Exception {
        LoadableImage image = ElfImage.parse("x.elf", modified(b -> putU16(b, 48, 0)));
        assertThat(image.symbols().isEmpty()).isTrue();
        assertThat(image.segments()).hasSize(2);
    }

    @Test
    void mappingSymbolsAreRecognised() {
        assertThat(ElfImage.isMappingSymbol("$t")).isTrue();
        assertThat(ElfImage.isMappingSymbol("$d.realdata")).isTrue();
        assertThat(ElfImage.isMappingSymbol("$a")).isTrue();
        assertThat(ElfImage.isMappingSymbol("$tab")).isFalse();
        assertThat(ElfImage.isMappingSymbol("$")).isFalse();
        assertThat(ElfImage.isMappingSymbol("t")).isFalse();
    }

    static byte[] modified(Consumer<byte[]> change) {
        byte[] copy = ELF.clone();
        change.accept(copy);
        return copy;
    }

    static void assertFails(byte[] elf, String message) {
        assertThatThrownBy(() -> ElfImage.parse("x.elf", elf))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(message);
    }

    static Symbol findSymbol(SymbolTable table, String name) {
        for (Symbol s : table) if (s.name().equals(name)) return s;
        throw new AssertionError("no symbol " + name);
    }
}

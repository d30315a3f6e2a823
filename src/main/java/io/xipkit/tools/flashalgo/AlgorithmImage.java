package io.xipkit.tools.flashalgo;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A flash algorithm in one normalised shape, whatever file it came from (DESIGN-NOTES section 6).
 *
 * <p>The code blob is what goes into target RAM: code, initialised data and zero-filled bss in
 * one piece, as pyOCD's PackFlashAlgo and probe-rs target-gen (algorithm_binary.rs) assemble it.
 * Entry points and the data section are offsets into the blob; entry offsets keep the Thumb bit
 * (bit 0), as probe-rs's pc_* values do.
 *
 * @param name              short name (file stem, or the probe-rs entry's name)
 * @param format            the file format, which fixes the calling convention
 * @param code              the blob
 * @param loadAddress       where blob byte 0 must go if the code is not position independent
 *                          (a .stldr's link address, probe-rs load_address); empty: place anywhere
 * @param dataLoadAddress   where page buffers must go (probe-rs data_load_address), if fixed
 * @param entries           entry points present, as offsets into the blob (Thumb bit included)
 * @param dataSectionOffset offset of the data section in the blob: R9 (static base) = code start + this
 * @param flash             the flash the algorithm programs
 * @param stackSize         stack the algorithm asks for (probe-rs stack_size); empty: the runner's default
 * @param miniz             true if ProgramPage takes zlib-compressed data (probe-rs transfer_encoding: miniz)
 * @param symbols           the blob's functions (from an ELF's symbol table; empty for probe-rs YAML)
 */
public record AlgorithmImage(String name, AlgorithmFormat format, byte[] code, OptionalLong loadAddress,
                             OptionalLong dataLoadAddress, Map<AlgorithmFunction, Long> entries, long dataSectionOffset,
                             FlashProperties flash, OptionalLong stackSize, boolean miniz,
                             java.util.List<CodeSymbol> symbols) {

    public AlgorithmImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(loadAddress, "loadAddress");
        Objects.requireNonNull(dataLoadAddress, "dataLoadAddress");
        Objects.requireNonNull(flash, "flash");
        Objects.requireNonNull(stackSize, "stackSize");
        symbols = java.util.List.copyOf(symbols);
        EnumMap<AlgorithmFunction, Long> copy = new EnumMap<>(AlgorithmFunction.class);
        copy.putAll(entries);
        entries = java.util.Collections.unmodifiableMap(copy);
        for (AlgorithmFunction required : new AlgorithmFunction[] {AlgorithmFunction.PROGRAM_PAGE, AlgorithmFunction.ERASE_SECTOR}) {
            if (!entries.containsKey(required)) {
                throw new IllegalArgumentException("no " + required.nameIn(format) + " function");
            }
        }
        for (Map.Entry<AlgorithmFunction, Long> e : entries.entrySet()) {
            long off = e.getValue() & ~1L;
            if (off < 0 || off >= code.length) {
                throw new IllegalArgumentException(String.format("%s at offset 0x%X lies outside the %d-byte code",
                        e.getKey().nameIn(format), e.getValue(), code.length));
            }
        }
        if (dataSectionOffset < 0 || dataSectionOffset > code.length) {
            throw new IllegalArgumentException(String.format("data section offset 0x%X lies outside the %d-byte code", dataSectionOffset, code.length));
        }
        if (loadAddress.isPresent() && (loadAddress.getAsLong() < 0 || loadAddress.getAsLong() + code.length > 1L << 32)) {
            throw new IllegalArgumentException(String.format("load address 0x%X does not fit the 32-bit address space", loadAddress.getAsLong()));
        }
    }

    public boolean has(AlgorithmFunction f) {
        return entries.containsKey(f);
    }

    /** Offset of {@code f} in the blob, Thumb bit included. */
    public long entry(AlgorithmFunction f) {
        Long v = entries.get(f);
        if (v == null) throw new IllegalArgumentException(name + " has no " + f.nameIn(format) + " function");
        return v;
    }

    /** "name()" or "name()+0x12" for an offset into the blob, or null when no symbol covers it. */
    public String describe(long offset) {
        for (CodeSymbol s : symbols) {
            if (offset >= s.offset() && offset < s.offset() + Math.max(1, s.size())) {
                return s.name() + "()" + (offset == s.offset() ? "" : String.format("+0x%x", offset - s.offset()));
            }
        }
        return null;
    }

    public boolean positionIndependent() {
        return loadAddress.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlgorithmImage a && a.name.equals(name) && a.format == format && Arrays.equals(a.code, code)
                && a.loadAddress.equals(loadAddress) && a.dataLoadAddress.equals(dataLoadAddress) && a.entries.equals(entries)
                && a.dataSectionOffset == dataSectionOffset && a.flash.equals(flash) && a.stackSize.equals(stackSize) && a.miniz == miniz;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, format, Arrays.hashCode(code), loadAddress, entries, flash);
    }

    @Override
    public String toString() {
        return String.format("AlgorithmImage[%s, %s, %d bytes, flash %s 0x%08X+0x%X]", name, format, code.length, flash.device(),
                flash.start(), flash.size());
    }
}

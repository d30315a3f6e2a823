package io.xipkit.tools.flashalgo;

/**
 * The entry points of a flash algorithm, normalised over the three formats. Each keeps the name
 * the author wrote in its own format, so reports can speak the author's language.
 *
 * <p>CMSIS names: Open-CMSIS-Pack "Flash Programming" / "Algorithm Functions" (Init(adr, clk, fnc),
 * UnInit(fnc), EraseSector(adr), EraseChip(), ProgramPage(adr, sz, buf), Verify(adr, sz, buf),
 * BlankCheck(adr, sz, pat)); probe-rs adds ReadFlash(adr, sz, buf) (target-gen parser.rs).
 * ST names: stm32-external-loader Loader_Src.c (Init(), Write(Address, Size, buffer),
 * SectorErase(start, end), MassErase(Parallelism), Read(Address, Size, buffer),
 * Verify(MemoryAddr, RAMBufferAddr, Size in words, missalignement) returning 64 bits (see
 * {@link StVerifySpan}), CheckSum(start, size, init)).
 */
public enum AlgorithmFunction {
    INIT("Init", "Init", "pc_init"),
    UNINIT("UnInit", null, "pc_uninit"),
    ERASE_SECTOR("EraseSector", "SectorErase", "pc_erase_sector"),
    ERASE_CHIP("EraseChip", "MassErase", "pc_erase_all"),
    PROGRAM_PAGE("ProgramPage", "Write", "pc_program_page"),
    VERIFY("Verify", "Verify", "pc_verify"),
    BLANK_CHECK("BlankCheck", null, "pc_blank_check"),
    READ("ReadFlash", "Read", "pc_read"),
    CHECKSUM(null, "CheckSum", null);

    private final String cmsisSymbol;
    private final String stSymbol;
    private final String probeRsKey;

    AlgorithmFunction(String cmsisSymbol, String stSymbol, String probeRsKey) {
        this.cmsisSymbol = cmsisSymbol;
        this.stSymbol = stSymbol;
        this.probeRsKey = probeRsKey;
    }

    /** The ELF symbol in an FLM (null if CMSIS has none). */
    public String cmsisSymbol() {
        return cmsisSymbol;
    }

    /** The ELF symbol in a .stldr (null if ST's loaders have none). */
    public String stSymbol() {
        return stSymbol;
    }

    /** The key of its entry point in a probe-rs flash_algorithms entry (null if probe-rs has none). */
    public String probeRsKey() {
        return probeRsKey;
    }

    /** The name the author of an algorithm in {@code format} knows this function by. */
    public String nameIn(AlgorithmFormat format) {
        String n = format == AlgorithmFormat.STLDR ? stSymbol : cmsisSymbol;
        return n != null ? n : (cmsisSymbol != null ? cmsisSymbol : stSymbol);
    }
}

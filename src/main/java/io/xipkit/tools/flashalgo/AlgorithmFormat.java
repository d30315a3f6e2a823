package io.xipkit.tools.flashalgo;

/**
 * The three container formats of flash algorithms, with the calling convention each implies
 * (docs: /work/shared/DESIGN-NOTES.md section 6, from the sources cited in the readers).
 */
public enum AlgorithmFormat {
    /** CMSIS-Pack flash algorithm: ELF with PrgCode/PrgData and FlashDevice; functions return 0 on success. */
    FLM("CMSIS FLM", 0),
    /** STM32CubeProgrammer external loader: ELF with StorageInfo; functions return 1 on success. */
    STLDR("STM32CubeProgrammer external loader", 1),
    /** probe-rs target description entry: CMSIS functions (0 = success), code as base64. */
    PROBE_RS("probe-rs target description", 0);

    private final String title;
    private final int successCode;

    AlgorithmFormat(String title, int successCode) {
        this.title = title;
        this.successCode = successCode;
    }

    public String title() {
        return title;
    }

    /** What the algorithm's functions return when they succeeded (CMSIS 0; ST's loaders 1, per Loader_Src.c). */
    public int successCode() {
        return successCode;
    }
}

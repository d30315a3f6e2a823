package io.xipkit.tools.flashalgo;

import java.util.Base64;
import java.util.Locale;

/**
 * Writes an algorithm as a probe-rs {@code flash_algorithms} list entry, with the key names of
 * probe-rs-target's RawFlashAlgorithm and FlashProperties and the value formats its serializers
 * write (src/serialize: hex_u_int and hex_option as {@code 0x}-prefixed lower-case hex,
 * hex_range as a {start, end} mapping of hex values; timeouts and stack_size as plain decimal),
 * so the output can be pasted into a target description.
 */
public final class ProbeRsYamlWriter {
    private ProbeRsYamlWriter() {}

    /**
     * The YAML text. probe-rs calls every function as CMSIS defines it (0 = success,
     * EraseSector(adr)), so an ST loader goes out with CMSIS entry shims appended to its code
     * ({@link #probeRsView}).
     */
    public static String write(AlgorithmImage a) throws AlgorithmFormatException {
        return "flash_algorithms:\n" + entry(a);
    }

    /** One item of a {@code flash_algorithms} list (from "- name:"), as {@link #write} gives it. */
    public static String entry(AlgorithmImage a) throws AlgorithmFormatException {
        a = probeRsView(a);
        StringBuilder y = new StringBuilder();
        y.append("- name: ").append(quote(a.name())).append('\n');
        y.append("  description: ").append(quote(a.flash().device())).append('\n');
        y.append("  default: true\n");
        y.append("  instructions: ").append(Base64.getEncoder().encodeToString(a.code())).append('\n');
        a.loadAddress().ifPresent(v -> y.append("  load_address: ").append(hex(v)).append('\n'));
        a.dataLoadAddress().ifPresent(v -> y.append("  data_load_address: ").append(hex(v)).append('\n'));
        for (AlgorithmFunction f : AlgorithmFunction.values()) {
            if (f.probeRsKey() != null && a.has(f)) y.append("  ").append(f.probeRsKey()).append(": ").append(hex(a.entry(f))).append('\n');
        }
        y.append("  data_section_offset: ").append(hex(a.dataSectionOffset())).append('\n');
        FlashProperties p = a.flash();
        y.append("  flash_properties:\n");
        y.append("    address_range:\n");
        y.append("      start: ").append(hex(p.start())).append('\n');
        y.append("      end: ").append(hex(p.end())).append('\n');
        y.append("    page_size: ").append(hex(p.pageSize())).append('\n');
        y.append("    erased_byte_value: ").append(hex(p.erasedValue())).append('\n');
        y.append("    program_page_timeout: ").append(p.programPageTimeoutMs()).append('\n');
        y.append("    erase_sector_timeout: ").append(p.eraseSectorTimeoutMs()).append('\n');
        y.append("    sectors:\n");
        for (SectorRun r : p.sectors()) {
            y.append("    - size: ").append(hex(r.size())).append('\n');
            y.append("      address: ").append(hex(r.offset())).append('\n');
        }
        a.stackSize().ifPresent(v -> y.append("  stack_size: ").append(v).append('\n'));
        if (a.miniz()) y.append("  transfer_encoding: miniz\n");
        return y.toString();
    }

    /** What the YAML describes: the algorithm itself, or for an ST loader the loader with its CMSIS shims ({@link CmsisShims}). */
    public static AlgorithmImage probeRsView(AlgorithmImage a) {
        return a.format() == AlgorithmFormat.STLDR ? CmsisShims.wrap(a, a.name()) : a;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v).toLowerCase(Locale.ROOT);
    }

    /** A YAML single-quoted scalar (quotes doubled inside), valid for any text. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

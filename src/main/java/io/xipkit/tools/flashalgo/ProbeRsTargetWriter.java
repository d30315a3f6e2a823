package io.xipkit.tools.flashalgo;

import io.xipkit.board.Board;
import io.xipkit.board.MemoryDescription;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.tools.target.MemoryMap;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes a probe-rs target description (a chip family with one variant: the board) holding the
 * board's memory map and its flash algorithms, with the key names and tags of probe-rs-target:
 * ChipFamily (chip_family.rs: name, generated_from_pack, variants, flash_algorithms), Chip
 * (chip.rs: name, cores, memory_map, flash_algorithms by name), Core (name, type as the snake_case
 * CoreType, core_access_options {@code !Arm} with {@code ap: !v1 0}) and MemoryRegion (memory.rs:
 * {@code !Ram}, {@code !Nvm}, {@code !Generic}, each with name, range {start, end} in 0x hex
 * (hex_range), cores, and access {read, write, execute, boot}). Flash is an {@code !Nvm} that the
 * debugger does not write directly ({@code write: false}, as probe-rs's own STM32H7 file marks
 * its banks) and the one the core boots from has {@code boot: true}; read-only memory the board
 * models without a flash controller is an {@code !Generic} without write access.
 */
public final class ProbeRsTargetWriter {
    /** The core name used in {@code cores} lists; probe-rs's single-core targets call it "main". */
    static final String CORE = "main";

    private ProbeRsTargetWriter() {}

    /** The description of {@code board} with {@code algorithms} (their flash_algorithms entries as {@link ProbeRsYamlWriter} writes them). */
    public static String write(Board board, MemoryMap map, List<AlgorithmImage> algorithms) throws AlgorithmFormatException {
        String id = board.description().id();
        OptionalLong boot = bootAddress(board);
        StringBuilder y = new StringBuilder();
        y.append("name: ").append(ProbeRsYamlWriter.quote("xipkit " + id)).append('\n');
        y.append("generated_from_pack: false\n");
        y.append("variants:\n");
        y.append("- name: ").append(ProbeRsYamlWriter.quote(id)).append('\n');
        y.append("  cores:\n");
        y.append("  - name: ").append(CORE).append('\n');
        // ARMv7E-M: the Cortex-M4 and Cortex-M7 (probe-rs CoreType::Armv7em, "Cortex M4, M7").
        y.append("    type: armv7em\n");
        y.append("    core_access_options: !Arm\n");
        y.append("      ap: !v1 0\n");
        y.append("  memory_map:\n");
        for (MemoryMap.Region r : map.regions()) {
            String tag = switch (r.kind()) {
                case RAM -> "!Ram";
                case FLASH -> "!Nvm";
                case ROM -> "!Generic";
            };
            y.append("  - ").append(tag).append('\n');
            y.append("    name: ").append(ProbeRsYamlWriter.quote(r.name())).append('\n');
            y.append("    range:\n");
            y.append("      start: ").append(ProbeRsYamlWriter.hex(r.base())).append('\n');
            y.append("      end: ").append(ProbeRsYamlWriter.hex(r.end())).append('\n');
            y.append("    cores:\n");
            y.append("    - ").append(CORE).append('\n');
            // A board-file mirror (the L476's SRAM2 seen again after SRAM1) is probe-rs's is_alias.
            if (r.kind() == MemoryMap.Kind.RAM && isMirror(board, r.name())) y.append("    is_alias: true\n");
            boolean isBoot = boot.isPresent() && r.contains(boot.getAsLong()) && r.kind() != MemoryMap.Kind.RAM;
            if (r.kind() != MemoryMap.Kind.RAM) {
                y.append("    access:\n");
                y.append("      write: false\n");
                if (isBoot) y.append("      boot: true\n");
            }
        }
        y.append("  flash_algorithms:\n");
        for (AlgorithmImage a : algorithms) y.append("  - ").append(ProbeRsYamlWriter.quote(ProbeRsYamlWriter.probeRsView(a).name())).append('\n');
        y.append("flash_algorithms:\n");
        for (AlgorithmImage a : algorithms) y.append(ProbeRsYamlWriter.entry(a));
        return y.toString();
    }

    private static boolean isMirror(Board board, String name) {
        for (MemoryDescription m : board.description().memories()) if (m.name().equals(name)) return m.mirrorOf() != null;
        return false;
    }

    /**
     * Where the core takes its vector table after reset, from the board's models: the H7's
     * FLASH_OPTSR BOOT_ADD0 (RM0433 "Boot configuration"), the L4's main flash (RM0351 "Boot
     * configuration": BOOT0 = 0 aliases it at 0), the H7R/S and H7A/B boot entry's address.
     */
    static OptionalLong bootAddress(Board board) {
        for (PeripheralDescription p : board.description().peripherals()) {
            Object m = board.models().get(p.name());
            if (m instanceof H7FlashMemory h7) return OptionalLong.of(h7.bootAddress(false));
            if (m instanceof L4Flash l4) return OptionalLong.of(l4.geometry().memoryBase());
            if (p.type().equals("stm32h7rs-boot") || p.type().equals("stm32h7ab-boot")) return OptionalLong.of(p.base());
        }
        return OptionalLong.empty();
    }
}

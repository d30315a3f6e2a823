package io.xipkit.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The campaign's read tracking ({@link PageReads}) is complete only if every model that takes a
 * flash storage's byte array marks what it reads for the firmware. This lists every model class
 * that asks for such an array (a storage's, a chip's, a memory-mapped direct read's or a fast
 * path's) with why its reads are marked; a new one fails here until it is looked at and added.
 */
class FlashArrayReadersTest {
    private static final Set<String> ARRAY_OWNERS = Set.of(NonVolatileMemory.class.getName(), ArrayNonVolatileMemory.class.getName(),
            "io.xipkit.devices.nor.NorStorage", "io.xipkit.devices.nor.NorCellArray", "io.xipkit.peripherals.xspi.DirectRead",
            FastPath.class.getName());

    /** Each model class that takes a flash array, and where its reads for the firmware are marked. */
    private static final Map<String, String> AUDITED = new TreeMap<>(Map.ofEntries(
            Map.entry("io.xipkit.board.BoardSnapshot", "rebinds a resumed copy's arrays, reads nothing for the firmware"),
            Map.entry("io.xipkit.board.ModelGraphCopy", "copies snapshots, reads nothing for the firmware"),
            Map.entry("io.xipkit.board.NorStorageAdapter", "hands the storage's array to the chip, whose reads are marked"),
            Map.entry("io.xipkit.bus.SystemBus", "page tables: withheld for read-only regions while tracking"),
            Map.entry("io.xipkit.devices.nor.NorCellArray", "programs and erases: stamped (a change marks as a read)"),
            Map.entry("io.xipkit.devices.nor.NorOperationEngine", "an operation's start marks its range"),
            Map.entry("io.xipkit.devices.nor.NorPhaseDecoder", "data out marks; the direct read it grants is marked by its user"),
            Map.entry("io.xipkit.peripherals.quadspi.DualFlashShadow", "derived image: served only through MemoryMappedMode, which marks"),
            Map.entry("io.xipkit.peripherals.quadspi.MemoryMappedMode", "its fast path's reads mark the die pages"),
            Map.entry("io.xipkit.peripherals.quadspi.QuadspiWindow", "load and peek: the programmer's and debugger's paths"),
            Map.entry("io.xipkit.peripherals.quadspi.WindowChangeTracker", "reads at an operation's start, whose range the chip marked"),
            Map.entry("io.xipkit.peripherals.stm32.H7FlashBank", "an operation's start marks its range; programs and erases stamp"),
            Map.entry("io.xipkit.peripherals.stm32.H7FlashWindow", "bus reads mark; its fast path is withheld while tracking"),
            Map.entry("io.xipkit.peripherals.stm32.L4Flash", "physicalWord (boot) marks; programs and erases stamp"),
            Map.entry("io.xipkit.peripherals.stm32.L4FlashProgramming", "uses L4Flash's array: erased() marks; programs stamp"),
            Map.entry("io.xipkit.peripherals.stm32.L4FlashMemory", "bus reads mark; its fast path is withheld while tracking"),
            Map.entry("io.xipkit.peripherals.stm32.Stm32L4SyscfgAlias", "reads go to L4FlashMemory; its fast path is withheld")));

    @Test
    void everyModelThatTakesAFlashArrayIsAuditedForReadTracking() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.xipkit");
        Set<String> takers = new TreeSet<>();
        for (JavaClass c : classes) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (!call.getTarget().getName().equals("array") || !ARRAY_OWNERS.contains(call.getTarget().getOwner().getName())) continue;
                String origin = call.getOriginOwner().getName();
                int inner = origin.indexOf('$');
                String top = inner < 0 ? origin : origin.substring(0, inner);
                if (top.startsWith("io.xipkit.tools.") || top.startsWith("io.xipkit.cli.")) continue; // the host's, not the firmware's
                takers.add(top);
            }
        }
        // ... and those that read such an array kept in another class's field (L4Flash.array, say)
        for (JavaClass c : classes) {
            for (var access : c.getFieldAccessesFromSelf()) {
                String owner = access.getTarget().getOwner().getName();
                if (!takers.contains(owner) || !access.getTarget().getRawType().isEquivalentTo(byte[].class)) continue;
                String origin = access.getOriginOwner().getName();
                String top = origin.contains("$") ? origin.substring(0, origin.indexOf('$')) : origin;
                if (!top.equals(owner) && !top.startsWith("io.xipkit.tools.") && !top.startsWith("io.xipkit.cli.")) takers.add(top);
            }
        }
        assertThat(takers).isEqualTo(AUDITED.keySet());
    }
}

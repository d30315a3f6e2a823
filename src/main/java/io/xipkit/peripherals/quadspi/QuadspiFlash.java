package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.peripherals.xspi.XspiTarget;
import java.util.Objects;

/**
 * One flash memory on a QUADSPI bank: the device the controller clocks ({@code target}) and the
 * array behind it ({@code memory}), which only the programmer path ({@link QuadspiWindow#load})
 * writes directly, as a debug probe's flash loader would.
 */
public record QuadspiFlash(XspiTarget target, NonVolatileMemory memory) {
    public QuadspiFlash {
        Objects.requireNonNull(target, "flash target");
        Objects.requireNonNull(memory, "flash memory");
    }
}

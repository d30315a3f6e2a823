package io.xipkit.peripherals.debug;

/**
 * An access port behind the debug port (ARM IHI0031 ADIv5 chapter C1): 32-bit registers addressed
 * by the DP's SELECT.APBANKSEL and the A[3:2] of the scan. A transfer the AP cannot complete
 * throws {@link io.xipkit.cpu.debug.DebugBusException}; the DP turns that into STICKYERR.
 */
public interface AccessPort {
    int read(int register);

    void write(int register, int value);
}

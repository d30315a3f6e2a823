package io.xipkit.devices.nor;

/**
 * One entry of a chip's operation log: a command as the chip executed (or ignored) it, with its
 * span in virtual time. For program/erase {@code endPicos} is when WIP clears (or would have).
 * {@code pc} is the instruction the core was executing when the chip took the command (the access
 * to the controller that raised chip select, or the loop waiting for the transfer to end), or
 * {@link io.xipkit.peripherals.ModelWarnings#NO_PC} for a chip without a board's core behind it.
 */
public record NorOperation(long index, String command, int opcode, long address, long length,
                           long startPicos, long endPicos, String outcome, long pc) {}

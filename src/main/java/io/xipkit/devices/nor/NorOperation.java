package io.xipkit.devices.nor;

/**
 * One entry of a chip's operation log: a command as the chip executed (or ignored) it, with its
 * span in virtual time. For program/erase {@code endPicos} is when WIP clears (or would have).
 */
public record NorOperation(long index, String command, int opcode, long address, long length,
                           long startPicos, long endPicos, String outcome) {}

package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.PhaseFormat;
import java.util.Arrays;

/**
 * What the QUADSPI samples on a bank's IO lines in a clock where neither it nor a memory drives
 * them: a board fact (external pull resistors, the pins' pull configuration, or a bus keeper that
 * holds the last driven level), not a constant. Pull-up is the default: an undriven read gives
 * all ones, as the model always assumed.
 */
public enum UndrivenLines {
    /** The lines float high: every undriven bit reads 1. */
    PULL_UP,
    /** The lines float low: every undriven bit reads 0. */
    PULL_DOWN,
    /** Each line holds the level last driven on it (by the controller or a memory). */
    BUS_KEEPER;

    /** Board-file spelling: pull-up, pull-down, bus-keeper. */
    public static UndrivenLines parse(String s) {
        for (UndrivenLines u : values()) if (u.name().replace('_', '-').equalsIgnoreCase(s.trim())) return u;
        throw new IllegalArgumentException("expected pull-up, pull-down or bus-keeper, not \"" + s + "\"");
    }

    /**
     * Fills {@code len} bytes sampled on {@code f}'s lines while nobody drives them. {@code held}:
     * the levels IO3..IO0 last driven on the bank (bit n = IOn), used by the bus keeper. In
     * single-line mode the controller samples IO1 (the memory's serial output).
     */
    void fill(byte[] dst, int off, int len, PhaseFormat f, int held) {
        byte v = switch (this) {
            case PULL_UP -> (byte) 0xFF;
            case PULL_DOWN -> 0;
            case BUS_KEEPER -> switch (f.lines()) {
                case 1 -> (byte) ((held & 2) != 0 ? 0xFF : 0);
                case 2 -> (byte) ((held & 3) * 0x55);
                default -> (byte) ((held & 0xF) * 0x11);
            };
        };
        Arrays.fill(dst, off, off + len, v);
    }

    /**
     * The levels IO3..IO0 after the last clock of a phase that drove {@code lastByte} on
     * {@code f}'s lines, the other lines keeping {@code held}. On one line the controller drives IO0
     * ({@code fromMemory} false) and a memory IO1.
     */
    static int heldAfter(int held, int lastByte, PhaseFormat f, boolean fromMemory) {
        return switch (f.lines()) {
            case 1 -> {
                int line = fromMemory ? 1 : 0;
                yield (held & ~(1 << line)) | (lastByte & 1) << line;
            }
            case 2 -> (held & ~3) | (lastByte & 3);
            default -> lastByte & 0xF;
        };
    }
}

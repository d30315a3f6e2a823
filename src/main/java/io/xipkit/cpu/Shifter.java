package io.xipkit.cpu;

/**
 * The barrel shifter: Shift_C and DecodeImmShift of DDI 0403E A7.4.2. Shift types are
 * {@link #LSL}, {@link #LSR}, {@link #ASR}, {@link #ROR} and {@link #RRX}.
 */
final class Shifter {
    private Shifter() {}

    static final int LSL = 0;
    static final int LSR = 1;
    static final int ASR = 2;
    static final int ROR = 3;
    static final int RRX = 4;

    /** DecodeImmShift: the 2-bit type and 5-bit immediate of an encoding to (type, amount). */
    static int decodeType(int type, int imm5) {
        return type == 3 && imm5 == 0 ? RRX : type;
    }

    static int decodeAmount(int type, int imm5) {
        if (type == 0) return imm5;
        if (type == 1 || type == 2) return imm5 == 0 ? 32 : imm5;
        return imm5 == 0 ? 1 : imm5;
    }

    /** Shift(value, type, amount, carry_in): the result. Amount may be 0..255 (register shifts). */
    static int shift(int value, int type, int amount, boolean carryIn) {
        switch (type) {
            case LSL: return amount >= 32 ? 0 : value << amount;
            case LSR: return amount >= 32 ? 0 : value >>> amount;
            case ASR: return value >> Math.min(amount, 31);
            case ROR: return Integer.rotateRight(value, amount);
            default: return (carryIn ? 0x80000000 : 0) | (value >>> 1);
        }
    }

    /** Shift_C carry-out. Amount 0 leaves the carry unchanged (except RRX). */
    static boolean carry(int value, int type, int amount, boolean carryIn) {
        if (type == RRX) return (value & 1) != 0;
        if (amount == 0) return carryIn;
        switch (type) {
            case LSL: return amount > 32 ? false : ((value >>> (32 - amount)) & 1) != 0;
            case LSR: return amount > 32 ? false : ((value >>> (amount - 1)) & 1) != 0;
            case ASR: return amount >= 32 ? value < 0 : ((value >> (amount - 1)) & 1) != 0;
            default: return Integer.rotateRight(value, amount) < 0;
        }
    }

    /** ThumbExpandImm (A5.3.2): the 32-bit constant of a modified immediate. */
    static int expandImm(int imm12) {
        if ((imm12 & 0xC00) == 0) {
            int b = imm12 & 0xFF;
            switch ((imm12 >>> 8) & 3) {
                case 0: return b;
                case 1: return b | (b << 16);
                case 2: return (b << 8) | (b << 24);
                default: return b | (b << 8) | (b << 16) | (b << 24);
            }
        }
        int unrotated = 0x80 | (imm12 & 0x7F);
        return Integer.rotateRight(unrotated, (imm12 >>> 7) & 0x1F);
    }

    /** Whether ThumbExpandImm_C changes the carry (only rotated forms do). */
    static boolean expandImmSetsCarry(int imm12) {
        return (imm12 & 0xC00) != 0;
    }
}

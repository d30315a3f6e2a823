package io.xipkit.devices.nor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * What program and erase do to the cells: a completed program ANDs its page image in, a completed
 * erase sets the region to FFh and counts one erase per 4 KiB unit (wear; past the part's endurance
 * a unit may keep bits stuck at 0); an interrupted operation leaves a random part of its change.
 */
final class NorCellArray {
    private final NorStorage storage;
    private final byte[] array;
    private final long endurance;
    private final RandomGenerator rng;
    private double bitErrorRate; // per bit per erase once past endurance; 0 = off

    NorCellArray(NorPart part, NorStorage storage, RandomGenerator rng) {
        this.storage = storage;
        this.array = storage.array();
        this.endurance = part.endurance();
        this.rng = rng;
    }

    /** The cells, read only by the caller (an operation's observer computes what a program will leave). */
    /** The storage's page stamps (marks reads for a tracking caller), or null. */
    io.xipkit.bus.PageStamps stamps() {
        return storage.pageStamps();
    }

    byte[] array() {
        return array;
    }

    void setBitErrorRatePastEndurance(double perBit) {
        if (perBit < 0 || perBit > 1) throw new IllegalArgumentException("bit error rate must be within [0, 1]");
        this.bitErrorRate = perBit;
    }

    /** A completed program: bits only go from 1 to 0. */
    void program(long addr, byte[] image) {
        int base = (int) addr;
        for (int i = 0; i < image.length; i++) array[base + i] &= image[i];
        storage.arrayChanged(addr, image.length);
    }

    void erase(long addr, long len) {
        Arrays.fill(array, (int) addr, (int) (addr + len), (byte) 0xFF);
        int[] counts = storage.eraseCounts();
        for (long u = addr; u < addr + len; u += NorStorage.WEAR_UNIT) {
            int idx = (int) (u / NorStorage.WEAR_UNIT);
            counts[idx]++;
            if (bitErrorRate > 0 && counts[idx] > endurance) injectBitErrors(u);
        }
        storage.arrayChanged(addr, len);
        storage.metadataChanged();
    }

    /** A worn-out unit fails to erase some bits: they stay 0. */
    private void injectBitErrors(long unit) {
        double expected = bitErrorRate * NorStorage.WEAR_UNIT * 8;
        long n = (long) expected + (rng.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
        for (long i = 0; i < n; i++) {
            int bit = rng.nextInt(NorStorage.WEAR_UNIT * 8);
            array[(int) unit + bit / 8] &= (byte) ~(1 << (bit % 8));
        }
    }

    /**
     * An interrupted program has programmed a random subset of the bits it targeted (never 0 to 1),
     * each with probability {@code f}, the fraction of the operation that ran.
     */
    void programPartially(long addr, byte[] image, double f) {
        int base = (int) addr;
        for (int i = 0; i < image.length; i++) {
            int old = array[base + i] & 0xFF;
            int targeted = old & ~image[i] & 0xFF;
            if (targeted == 0) continue;
            int cleared = 0;
            for (int b = 0; b < 8; b++) {
                if ((targeted & (1 << b)) != 0 && rng.nextDouble() < f) cleared |= 1 << b;
            }
            array[base + i] = (byte) (old & ~cleared);
        }
        storage.arrayChanged(addr, image.length);
    }

    /** An interrupted erase has set a random subset (share {@code f}) of the 0 bits of its region to 1. */
    void erasePartially(long addr, long len, double f) {
        int from = (int) addr;
        int to = (int) (addr + len);
        for (int i = from; i < to; i++) {
            int old = array[i] & 0xFF;
            if (old == 0xFF) continue;
            int set = 0;
            for (int b = 0; b < 8; b++) {
                if ((old & (1 << b)) == 0 && rng.nextDouble() < f) set |= 1 << b;
            }
            array[i] = (byte) (old | set);
        }
        storage.arrayChanged(addr, len);
    }
}

package io.xipkit.devices.nor;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an SFDP area (JEDEC JESD216B) as a host driver would: header, parameter headers, and
 * the Basic Flash Parameter Table fields a driver needs. Independent of {@link SfdpBuilder}: it
 * reads bytes only, so tests can check a chip's answer against datasheet values.
 */
public final class SfdpDecoder {
    private SfdpDecoder() {}

    public record ParameterHeader(int id, int major, int minor, int dwords, int pointer) {}

    public record EraseType(long size, int opcode, double typicalMs) {}

    public record FastRead(String protocol, int opcode, int dummyCycles, int modeClocks) {}

    public record Sfdp(int major, int minor, List<ParameterHeader> headers, long densityBytes, String addressBytes,
                       boolean dtrSupported, int pageSize, List<EraseType> eraseTypes, List<FastRead> fastReads,
                       int qeRequirement, boolean suspendSupported, List<Integer> fourByteOpcodes) {}

    public static Sfdp decode(byte[] b) {
        if (b.length < 16 || u32(b, 0) != 0x50444653) {
            throw new IllegalArgumentException("no SFDP signature (expected 53 46 44 50 at offset 0)");
        }
        int minor = b[4] & 0xFF;
        int major = b[5] & 0xFF;
        int nph = (b[6] & 0xFF) + 1;
        List<ParameterHeader> hs = new ArrayList<>();
        for (int i = 0; i < nph; i++) {
            int at = 8 + 8 * i;
            if (at + 8 > b.length) throw new IllegalArgumentException("SFDP parameter header " + i + " beyond the data read");
            int id = (b[at] & 0xFF) | (b[at + 7] & 0xFF) << 8;
            int ptr = (b[at + 4] & 0xFF) | (b[at + 5] & 0xFF) << 8 | (b[at + 6] & 0xFF) << 16;
            hs.add(new ParameterHeader(id, b[at + 2] & 0xFF, b[at + 1] & 0xFF, b[at + 3] & 0xFF, ptr));
        }
        ParameterHeader bh = hs.stream().filter(h -> h.id() == 0xFF00).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("SFDP has no basic flash parameter table"));
        int[] d = new int[Math.max(16, bh.dwords())];
        java.util.Arrays.fill(d, 0xFFFFFFFF);
        for (int i = 0; i < bh.dwords(); i++) d[i] = u32(b, bh.pointer() + 4 * i);

        long density = (d[1] & 0x80000000) == 0 ? ((d[1] & 0xFFFFFFFFL) + 1) / 8 : (1L << (d[1] & 0x7FFFFFFF)) / 8;
        String addr = switch ((d[0] >>> 17) & 3) {
            case 0 -> "3";
            case 1 -> "3/4";
            case 2 -> "4";
            default -> "reserved";
        };
        List<FastRead> reads = new ArrayList<>();
        if ((d[0] & (1 << 16)) != 0) reads.add(fr("1-1-2", d[3]));
        if ((d[0] & (1 << 20)) != 0) reads.add(fr("1-2-2", d[3] >>> 16));
        if ((d[0] & (1 << 22)) != 0) reads.add(fr("1-1-4", d[2] >>> 16));
        if ((d[0] & (1 << 21)) != 0) reads.add(fr("1-4-4", d[2]));
        if ((d[4] & 1) != 0) reads.add(fr("2-2-2", d[5] >>> 16));
        if ((d[4] & (1 << 4)) != 0) reads.add(fr("4-4-4", d[6] >>> 16));

        int[] units = {1, 16, 128, 1000};
        List<EraseType> erases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int f = (i < 2 ? d[7] : d[8]) >>> (16 * (i % 2));
            int n = f & 0xFF;
            if (n == 0) continue;
            int t = bh.dwords() >= 10 ? (d[9] >>> (4 + 7 * i)) & 0x7F : -1;
            double ms = t < 0 ? Double.NaN : ((t & 0x1F) + 1) * (double) units[t >>> 5];
            erases.add(new EraseType(1L << n, (f >>> 8) & 0xFF, ms));
        }
        int page = bh.dwords() >= 11 ? 1 << ((d[10] >>> 4) & 0xF) : 256;
        int qer = bh.dwords() >= 15 ? (d[14] >>> 20) & 7 : -1;
        boolean suspend = bh.dwords() >= 12 && (d[11] & 0x80000000) == 0;
        List<Integer> fb = new ArrayList<>();
        hs.stream().filter(h -> h.id() == 0xFF84).findFirst().ifPresent(h -> {
            int sup = u32(b, h.pointer());
            int[] ops = {0x13, 0x0C, 0x3C, 0xBC, 0x6C, 0xEC, 0x12, 0x34, 0x3E};
            for (int i = 0; i < ops.length; i++) if ((sup & (1 << i)) != 0) fb.add(ops[i]);
            int eo = u32(b, h.pointer() + 4);
            for (int i = 0; i < 4; i++) if ((sup & (1 << (9 + i))) != 0) fb.add((eo >>> (8 * i)) & 0xFF);
        });
        return new Sfdp(major, minor, hs, density, addr, (d[0] & (1 << 19)) != 0, page, erases, reads, qer, suspend, fb);
    }

    private static FastRead fr(String proto, int f) {
        return new FastRead(proto, (f >>> 8) & 0xFF, f & 0x1F, (f >>> 5) & 7);
    }

    private static int u32(byte[] b, int at) {
        if (at + 4 > b.length) return 0xFFFFFFFF;
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}

package io.xipkit.peripherals.debug;

import io.xipkit.cpu.debug.DebugBusException;

/**
 * The ARM JTAG-DP (IHI0031 ADIv5.2 chapters B3 and B2): a 4-bit-IR TAP whose DPACC and APACC
 * instructions select a 35-bit scan register, A[3:2] and RnW shifted in with 32 data bits, a
 * 3-bit acknowledge and the previous read's result captured out. Every read returns its value
 * in the capture of the next scan (B3.2.1), which is why a debugger ends a batch of AP reads with a
 * read of RDBUFF.
 */
public final class JtagDp extends JtagTap {
    /** JTAG-DP instructions (ADIv5.2 B3.3, table B3-1). */
    public static final int ABORT = 0x8, DPACC = 0xA, APACC = 0xB, IDCODE = 0xE, BYPASS = 0xF;
    /** Acknowledges in the low three captured bits (ADIv5.2 B3.3.2): OK/FAULT, WAIT. */
    public static final int ACK_OK_FAULT = 0b010, ACK_WAIT = 0b001;
    /** DP register addresses (A[3:2]<<2), ADIv5.2 B2.2. */
    public static final int DPIDR = 0x0, CTRL_STAT = 0x4, SELECT = 0x8, RDBUFF = 0xC;
    /** CTRL/STAT bits (ADIv5.2 B2.2.2). */
    public static final int CSYSPWRUPACK = 1 << 31, CSYSPWRUPREQ = 1 << 30, CDBGPWRUPACK = 1 << 29,
            CDBGPWRUPREQ = 1 << 28, CDBGRSTACK = 1 << 27, CDBGRSTREQ = 1 << 26,
            READOK = 1 << 6, STICKYERR = 1 << 5, STICKYCMP = 1 << 4, STICKYORUN = 1 << 1, ORUNDETECT = 1;
    private static final int STICKY = STICKYERR | STICKYCMP | STICKYORUN;
    /** What the debugger may set in CTRL/STAT: the requests, TRNCNT, MASKLANE, TRNMODE, ORUNDETECT. */
    private static final int CTRL_WRITABLE = CSYSPWRUPREQ | CDBGPWRUPREQ | CDBGRSTREQ | 0x00FF_FF0C | ORUNDETECT;

    private final int idcode;
    private final int dpidr;
    private final AccessPort[] aps = new AccessPort[256];
    private int ctrl;
    private int select;
    private int readResult;
    private int lastApRead;
    /** Scans still to answer WAIT after an AP transfer; see {@link #setApWaitScans}. */
    private int waitScans;
    private int pendingWaits;
    private boolean ackedWait;

    /**
     * @param idcode the JTAG IDCODE (0x6BA00477 on the Cortex-M7, 0x4BA00477 on the Cortex-M4)
     * @param dpidr  what a DPACC read of address 0 returns (DPIDR, DPv1 and later: ADIv5.2 B2.2.5)
     */
    public JtagDp(int idcode, int dpidr) {
        super(4);
        this.idcode = idcode;
        this.dpidr = dpidr;
    }

    public JtagDp withAp(int apsel, AccessPort ap) {
        aps[apsel] = ap;
        return this;
    }

    /**
     * Makes each AP transfer busy for the next {@code scans} DPACC/APACC scans, which are
     * acknowledged WAIT and ignored (ADIv5.2 B3.3.2), so a debugger's WAIT recovery can be tested.
     * The default 0 completes every transfer at once.
     */
    public void setApWaitScans(int scans) {
        this.waitScans = scans;
    }

    @Override
    protected int resetInstruction() {
        return IDCODE;
    }

    @Override
    protected int irCapture() {
        return 0b0001;   // ADIv5.2 B3.3: the IR captures b0001
    }

    @Override
    protected int drLength(int instruction) {
        return switch (instruction) {
            case ABORT, DPACC, APACC -> 35;
            case IDCODE -> 32;
            default -> 1;
        };
    }

    @Override
    protected long captureDr(int instruction) {
        return switch (instruction) {
            case DPACC, APACC -> {
                ackedWait = pendingWaits > 0;
                if (ackedWait) pendingWaits--;
                yield ((readResult & 0xFFFF_FFFFL) << 3) | (ackedWait ? ACK_WAIT : ACK_OK_FAULT);
            }
            case IDCODE -> idcode & 0xFFFF_FFFFL;
            default -> 0;
        };
    }

    @Override
    protected void updateDr(int instruction, long value) {
        boolean read = (value & 1) != 0;
        int a = (int) (value >>> 1 & 3) << 2;
        int data = (int) (value >>> 3);
        switch (instruction) {
            case ABORT -> {
                // DAPABORT (bit 0) ends a stalled transfer; nothing here stalls beyond pendingWaits.
                if ((data & 1) != 0) pendingWaits = 0;
            }
            case DPACC -> {
                if (ackedWait) return;
                if (read) readResult = readDp(a);
                else writeDp(a, data);
            }
            case APACC -> {
                if (ackedWait) return;
                apAccess(a, read, data);
                pendingWaits = waitScans;
            }
            default -> { }
        }
    }

    private int readDp(int a) {
        return switch (a) {
            case DPIDR -> (select & 0xF) == 0 ? dpidr : 0;
            // Power-up and reset requests are acknowledged at once: the debug and system domains
            // of the model are always powered.
            case CTRL_STAT -> (select & 0xF) == 0 ? ctrl | (ctrl & (CSYSPWRUPREQ | CDBGPWRUPREQ | CDBGRSTREQ)) << 1 : 0;
            case SELECT -> select;
            default -> lastApRead;
        };
    }

    private void writeDp(int a, int data) {
        switch (a) {
            case CTRL_STAT -> {
                if ((select & 0xF) != 0) return;
                // JTAG-DP: writing 1 to a sticky flag clears it (ADIv5.2 B2.2.2).
                int sticky = (ctrl & STICKY) & ~(data & STICKY);
                ctrl = (ctrl & ~(CTRL_WRITABLE | STICKY)) | (data & CTRL_WRITABLE) | sticky;
            }
            case SELECT -> select = data;
            default -> { }
        }
    }

    private void apAccess(int a, boolean read, int data) {
        AccessPort ap = aps[select >>> 24];
        int register = (select & 0xF0) | a;
        // Transfers need the debug power domain up (ADIv5.2 B2.2.2 CDBGPWRUPACK).
        if ((ctrl & CDBGPWRUPREQ) == 0) {
            ctrl |= STICKYERR;
            readResult = 0;
            return;
        }
        try {
            if (read) {
                lastApRead = ap == null ? 0 : ap.read(register);
                readResult = lastApRead;
                ctrl |= READOK;
            } else if (ap != null) {
                ap.write(register, data);
            }
        } catch (DebugBusException e) {
            ctrl = (ctrl | STICKYERR) & ~READOK;
            readResult = 0;
        }
    }

    public int idcode() {
        return idcode;
    }

    /** CTRL/STAT as a read returns it. */
    public int ctrlStat() {
        int saved = select;
        select &= ~0xF;
        int v = readDp(CTRL_STAT);
        select = saved;
        return v;
    }
}

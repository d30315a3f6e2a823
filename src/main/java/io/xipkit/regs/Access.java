package io.xipkit.regs;

/**
 * How software accesses a register field over the bus. The set and the names follow the register
 * access abbreviations of the STM32 reference manuals (for example RM0090 section 1.1 "List of
 * abbreviations for registers": rw, r, w, rc_w1, rc_w0, rc_r, rs, t), which also match IP-XACT's
 * modifiedWriteValue/readAction vocabulary. Model code bypasses all of these with
 * {@link Field#set(int)}.
 */
public enum Access {
    /** rw: read and write. */
    RW(true, true),
    /** r: read only; writes are ignored. */
    RO(true, false),
    /** w: write only; reads return 0. */
    WO(false, true),
    /** rc_w1: read; writing 1 clears the bit, writing 0 has no effect. */
    W1C(true, true),
    /** rs: read; writing 1 sets the bit, writing 0 has no effect. */
    W1S(true, true),
    /** rc_w0: read; writing 0 clears the bit, writing 1 has no effect. */
    W0C(true, true),
    /** t: read; writing 1 toggles the bit, writing 0 has no effect. */
    W1T(true, true),
    /** rc_r: read only; a bus read returns the value and then clears it. */
    RC(true, false),
    /** rw with read-clear: written like RW, cleared by a bus read after returning its value. */
    WRC(true, true);

    private final boolean readable;
    private final boolean writable;

    Access(boolean readable, boolean writable) {
        this.readable = readable;
        this.writable = writable;
    }

    /** Whether a bus read returns the field's value (otherwise it reads as 0). */
    public boolean readable() {
        return readable;
    }

    /** Whether a bus write can change the field. */
    public boolean writable() {
        return writable;
    }
}

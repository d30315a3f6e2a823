package io.xipkit.tools.campaign;

/**
 * Where inside a flash operation the power goes: just after it started (nothing changed yet),
 * half-way (bits in between, seeded), or at its end (done, the next operation not started).
 */
public enum CutPosition {
    START(0.0), MIDDLE(0.5), END(1.0);

    public final double fraction;

    CutPosition(double fraction) {
        this.fraction = fraction;
    }
}

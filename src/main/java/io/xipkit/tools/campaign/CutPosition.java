package io.xipkit.tools.campaign;

/**
 * Where inside a flash operation the power goes: just after it started (nothing changed yet),
 * half-way (bits in between, seeded), at its end (done, the next operation not started), or at a
 * seeded instant with a seeded torn pattern ({@code cuts.torn: N} gives N of them per operation;
 * its fraction is drawn from the cut point's torn-pattern seed, see {@link CutPoint}).
 */
public enum CutPosition {
    START(0.0), MIDDLE(0.5), END(1.0), TORN(Double.NaN);

    public final double fraction;

    CutPosition(double fraction) {
        this.fraction = fraction;
    }
}

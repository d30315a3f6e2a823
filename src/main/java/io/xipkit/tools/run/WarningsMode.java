package io.xipkit.tools.run;

/**
 * How model warnings reach standard error ({@code --warnings}). Deliberately not shared with
 * {@link EventsMode}: the two options name the same three levels but mean different things by them.
 */
public enum WarningsMode {
    /** At exit, each distinct warning once with its count, first time, source and PC. */
    SUMMARY,
    /** Every report as it happens, and the summary at exit. */
    ALL,
    /** None. */
    OFF
}

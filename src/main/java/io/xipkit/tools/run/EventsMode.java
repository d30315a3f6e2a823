package io.xipkit.tools.run;

/**
 * How board events (LED changes...) reach standard error ({@code --events}). Deliberately not shared
 * with {@link WarningsMode}: SUMMARY here thins a live stream, there it counts at exit.
 */
public enum EventsMode {
    /** The first few of each kind, then fewer and fewer, and a count at the end. */
    SUMMARY,
    /** Every event, one line each. */
    ALL,
    /** None. */
    OFF
}

package io.xipkit.devices.nor;

/**
 * Whether the part's last transaction was one a controller may repeat without the repetition
 * changing anything but the running counts: a register read (a status poll) that the part
 * answered, with no warning, no ignored command, no continuous-read mode and no state change.
 * The counts one such transaction adds are kept so that repetitions a controller left out are
 * counted as virtual time reaches the instants they would have ended at.
 */
final class NorQuietRepeat {
    private final NorCounters counters;
    private final NorModeState state;
    private long transactions0, reads0, bytesRead0, warnings0, ignored0, generation0;
    private long dTransactions, dReads, dBytesRead;
    private boolean quiet;
    private long repeatFirst, repeatPeriod, repeatsLeft;

    NorQuietRepeat(NorCounters counters, NorModeState state) {
        this.counters = counters;
        this.state = state;
    }

    /** Before chip select falls. */
    void selecting() {
        quiet = false;
        transactions0 = counters.transactions;
        reads0 = counters.reads;
        bytesRead0 = counters.bytesRead;
        warnings0 = counters.warnings;
        ignored0 = counters.ignoredCommands;
        generation0 = state.generation;
    }

    /** After chip select rose on a transaction carrying {@code command} (null: none decoded). */
    void deselected(NorCommand command, boolean driven) {
        quiet = command != null && command.kind == NorPart.Kind.READ_REGISTER && driven
                && state.powered && !state.deepPowerDown && state.xipCmd == null
                && counters.warnings == warnings0 && counters.ignoredCommands == ignored0
                && state.generation == generation0;
        dTransactions = counters.transactions - transactions0;
        dReads = counters.reads - reads0;
        dBytesRead = counters.bytesRead - bytesRead0;
    }

    boolean lastWasQuiet() {
        return quiet;
    }

    /** Repetitions left out by the controller, ending at {@code firstAt + j × period}, j < times. */
    void repeats(long firstAt, long period, long times) {
        repeatFirst = firstAt;
        repeatPeriod = period;
        repeatsLeft = times;
    }

    /** Counts the left-out repetitions that ended at or before {@code now}. */
    void catchUp(long now) {
        if (repeatsLeft == 0 || now < repeatFirst) return;
        long due = Math.min(repeatsLeft, (now - repeatFirst) / repeatPeriod + 1);
        counters.transactions += due * dTransactions;
        counters.reads += due * dReads;
        counters.bytesRead += due * dBytesRead;
        repeatFirst += due * repeatPeriod;
        repeatsLeft -= due;
    }
}

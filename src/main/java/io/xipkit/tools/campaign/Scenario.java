package io.xipkit.tools.campaign;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A power-cut campaign, as data (scenarios/*.yaml, docs/CAMPAIGNS.md): the board, the images a
 * programmer stores before the first power-on, the console stimulus, how long the uncut run lasts,
 * the invariant checked after each cut and reboot, and which flash operations are cut where;
 * {@code recoveryCut} (or null) cuts the first flash operation of the recovery after each cut too.
 */
public record Scenario(String name, String board, List<String> images, List<Stimulus> stimulus, long runPicos,
                       Invariant invariant, Set<io.xipkit.bus.FlashOperation.Kind> operations,
                       List<CutPosition> positions, long seed, int tornPatterns,
                       CutPosition recoveryCut) {

    /**
     * Console bytes sent when the condition holds: {@code after} text appeared in the output since
     * the previous step fired (or since power-on), and virtual time reached {@code atPicos}.
     */
    public record Stimulus(String after, long atPicos, byte[] bytes) {}

    /**
     * What must hold after a cut and a reboot, within {@code withinPicos} of virtual time: every
     * {@code must} pattern matches the console output after the reboot; no {@code mustNot} pattern
     * matches it, nor the output of the run before the cut. {@code afterMustPicos} (or -1: until
     * {@code withinPicos}) ends the reboot that long after every {@code must} pattern matched.
     */
    public record Invariant(long withinPicos, List<Pattern> must, List<Pattern> mustNot, long afterMustPicos) {}
}

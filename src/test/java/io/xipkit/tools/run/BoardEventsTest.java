package io.xipkit.tools.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardEventsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void blink(BoardEvents events, String led, int times) {
        for (int i = 1; i <= times; i++) events.event("LED " + led + " (PA5) " + (i % 2 == 1 ? "on" : "off") + " at " + i + ".000 ms");
    }

    @Test
    void summaryShowsTheFirstTenOfAKindThenEveryDoublingAndCountsTheRest() {
        BoardEvents events = new BoardEvents(out, EventsMode.SUMMARY);
        blink(events, "LD2", 100);
        List<String> lines = lines();
        assertThat(lines).hasSize(10 + 3); // 1..10, then 20, 40, 80
        assertThat(lines.get(0)).isEqualTo("[board] LED LD2 (PA5) on at 1.000 ms");
        assertThat(lines.get(10)).isEqualTo(
                "[board] LED LD2 (PA5) off at 20.000 ms  (event 20 of its kind; 9 not shown, --events=all shows every one)");
        assertThat(lines.get(12)).contains("event 80 of its kind; 67 not shown");
        assertThat(events.summary()).isEqualTo(
                "board events: LED LD2 100 (13 shown); --events=all shows every one, --events=off none");
    }

    @Test
    void eachKindHasItsOwnAllowance() {
        BoardEvents events = new BoardEvents(out, EventsMode.SUMMARY);
        blink(events, "LD1", 12);
        blink(events, "LD2", 3);
        assertThat(lines()).hasSize(10 + 3);
        assertThat(events.summary()).isEqualTo(
                "board events: LED LD1 12 (10 shown), LED LD2 3 (3 shown); --events=all shows every one, --events=off none");
    }

    @Test
    void noSummaryWhenEveryEventWasShown() {
        BoardEvents events = new BoardEvents(out, EventsMode.SUMMARY);
        blink(events, "LD2", 10);
        assertThat(lines()).hasSize(10);
        assertThat(events.summary()).isNull();
    }

    @Test
    void allShowsEveryEventAndOffNone() {
        BoardEvents all = new BoardEvents(out, EventsMode.ALL);
        blink(all, "LD2", 1000);
        assertThat(lines()).hasSize(1000);
        assertThat(all.summary()).isNull();
        bytes.reset();
        BoardEvents off = new BoardEvents(out, EventsMode.OFF);
        blink(off, "LD2", 1000);
        assertThat(lines()).isEmpty();
        assertThat(off.summary()).isNull();
    }
}

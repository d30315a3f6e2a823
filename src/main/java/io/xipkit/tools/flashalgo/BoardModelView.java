package io.xipkit.tools.flashalgo;

import java.util.List;
import java.util.Optional;

/**
 * What only a modelled board can add to an algorithm's failure report: the flash chips' model
 * warnings and the tail of their operation logs, and whether the model has anything at an
 * address the algorithm faulted on. A real board behind a probe has no such view ({@link #NONE}).
 */
public interface BoardModelView {
    /** The chips' warnings and last operations, one line each; empty when nothing was noted. */
    List<String> chipNotes();

    /** Every model warning of the board's chips so far, one line each (a report names those a step raised). */
    default List<String> modelWarnings() {
        return List.of();
    }

    /** Whether the board model maps memory or a peripheral at {@code address}; empty when unknown. */
    Optional<Boolean> modelsAddress(long address);

    BoardModelView NONE = new BoardModelView() {
        @Override
        public List<String> chipNotes() {
            return List.of();
        }

        @Override
        public Optional<Boolean> modelsAddress(long address) {
            return Optional.empty();
        }
    };
}

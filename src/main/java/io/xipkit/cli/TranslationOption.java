package io.xipkit.cli;

import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.TranslationDefault;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --jit/--no-jit}: shared by every command that runs firmware on a board (a picocli mixin).
 * Without either, {@link TranslationDefault} (XIPKIT_JIT) decides; {@link Main} builds the mixin
 * with the default of the invocation's environment.
 */
final class TranslationOption {
    @Option(names = "--jit", negatable = true,
            description = "Run hot code as basic blocks translated to JVM bytecode (the default unless XIPKIT_JIT=off);"
                    + " --no-jit interprets every instruction (the same results, slower).")
    Boolean jit;   // null: not on the command line

    private final TranslationDefault fallback;

    TranslationOption(TranslationDefault fallback) {
        this.fallback = fallback;
    }

    /** Whether the command's boards translate hot code. */
    boolean translate() {
        if (jit != null) return jit;
        try {
            return fallback.translate();
        } catch (BadInputException e) {
            throw new IllegalStateException("a bad XIPKIT_JIT is reported before the command runs", e);
        }
    }

    /**
     * What is wrong with the environment's default when the command about to run needs it (it has
     * this option and neither --jit nor --no-jit was given; help and version requests need none).
     */
    static Optional<String> problemFor(ParseResult parsed, TranslationDefault fallback) {
        ParseResult last = parsed;
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.isUsageHelpRequested() || r.isVersionHelpRequested()) return Optional.empty();
            last = r;
        }
        CommandSpec spec = last.commandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof TranslationOption t && t.jit == null) return fallback.problem();
        }
        return Optional.empty();
    }
}

package io.xipkit.tools.run;

import java.util.Map;
import java.util.Optional;

/**
 * Whether boards translate hot code when the command line does not say (--jit/--no-jit): the
 * environment variable {@value #VARIABLE}, unset or {@code on} to translate, {@code off} to
 * interpret every instruction. The only place that reads it, so that the test suite can run
 * every board both ways ({@code ./test} runs it once with {@code XIPKIT_JIT=off}) while the
 * board layer only takes the choice as a parameter.
 */
public final class TranslationDefault {
    public static final String VARIABLE = "XIPKIT_JIT";
    private final String value;

    private TranslationDefault(String value) {
        this.value = value;
    }

    /** The default the environment {@code env} gives (a process's, or a test's own map). */
    public static TranslationDefault from(Map<String, String> env) {
        return new TranslationDefault(env.get(VARIABLE));
    }

    /** Why the variable cannot be used (one line, without the "xipkit: " prefix), or empty when it can. */
    public Optional<String> problem() {
        if (value == null || value.equals("on") || value.equals("off")) return Optional.empty();
        return Optional.of(VARIABLE + " must be on or off, not '" + value + "'");
    }

    /**
     * Whether boards translate by default.
     *
     * @throws BadInputException when the variable is neither unset, {@code on} nor {@code off}
     */
    public boolean translate() throws BadInputException {
        Optional<String> p = problem();
        if (p.isPresent()) throw new BadInputException(p.get());
        return !"off".equals(value);
    }
}

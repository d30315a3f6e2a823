package io.xipkit.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** One line for a command line picocli could not parse, in the user's words rather than the parser's. */
final class UsageErrors {
    private UsageErrors() {}

    static String describe(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException u && cl.getParent() == null && !cl.getSubcommands().isEmpty()) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (!first.startsWith("-")) {
                String commands = String.join(", ", cl.getSubcommands().keySet());
                return "unknown command '" + first + "' (commands: " + commands + "; see xipkit --help)";
            }
        }
        String m = Main.firstLine(e.getMessage());
        return cl.getParent() == null ? m : m + " (see: xipkit " + cl.getCommandName() + " --help)";
    }
}

package io.xipkit.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * How an unexpected throwable reaches the user: one line {@code xipkit: internal error: ...}
 * naming the exception and where it was thrown, then a hint; the whole stack trace only on
 * request ({@code --debug} or {@code XIPKIT_DEBUG=1}), so a bug never looks like a user error and
 * never floods a terminal either. Running out of memory or stack is not a bug in the input or
 * in xipkit but a JVM setting, and says which one.
 */
final class InternalErrors {
    /** The launcher (./xipkit) passes this variable's words to the JVM. */
    static final String JAVA_OPTS = "XIPKIT_JAVA_OPTS";
    static final String DEBUG_ENV = "XIPKIT_DEBUG";

    private InternalErrors() {}

    /** XIPKIT_DEBUG set to anything but empty, 0 or false. */
    static boolean debugFromEnvironment(Map<String, String> env) {
        String v = env.get(DEBUG_ENV);
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** Reports {@code e} on {@code err} and returns the exit status. */
    static int report(Throwable e, PrintStream err, boolean debug) {
        if (e instanceof OutOfMemoryError) {
            err.println("xipkit: out of memory (" + Main.firstLine(e.getMessage())
                    + "): give the JVM more heap, e.g. " + JAVA_OPTS + "=-Xmx4g ./xipkit ...");
        } else if (e instanceof StackOverflowError) {
            err.println("xipkit: internal error: stack overflow" + where(e)
                    + "; a larger thread stack may help, e.g. " + JAVA_OPTS + "=-Xss64m ./xipkit ...");
        } else {
            err.println("xipkit: internal error: " + Main.describe(e) + where(e));
        }
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("xipkit: this is a bug in xipkit, not in your input; rerun with --debug (or "
                    + DEBUG_ENV + "=1) for the stack trace and please report it");
        }
        err.flush();
        return ExitStatus.INTERNAL_ERROR;
    }

    /** " (at Class.method(File.java:12))" for the frame that threw, or nothing. */
    private static String where(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0) return "";
        StackTraceElement top = trace[0];
        String cls = top.getClassName();
        return " (at " + cls.substring(cls.lastIndexOf('.') + 1) + "." + top.getMethodName() + "("
                + top.getFileName() + ":" + top.getLineNumber() + "))";
    }
}

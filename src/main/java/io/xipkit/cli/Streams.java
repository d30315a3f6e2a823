package io.xipkit.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The standard streams of one CLI invocation (tests pass their own). */
public record Streams(InputStream in, PrintStream out, PrintStream err) {}

package io.xipkit.cpu;

/** Told of every executed instruction when tracing is on (costs nothing when off). */
@FunctionalInterface
public interface TraceListener {
    void executed(Core core, int pc, Op op);
}

package io.xipkit.tools.run;

/**
 * A request from outside the run (Ctrl-C, SIGTERM, a tool) to end it. The run loop looks at it
 * between slices of virtual time, on its own thread, so the models never see another thread: the
 * only shared state is this one volatile field.
 */
public final class StopRequest {
    private volatile String reason;

    /** Asks the run to stop; the first reason given is the one reported. */
    public void request(String why) {
        if (reason == null) reason = why;
    }

    /** Why a stop was requested, or null. */
    public String reason() {
        return reason;
    }
}

package io.xipkit.cli;

import io.xipkit.tools.run.StopRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM during a run: the JVM runs its shutdown hooks, this one asks the run loop
 * (through a {@link StopRequest}) to stop and waits a little for it to save the flash and print
 * its summary; the JVM then exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
 * Only this thread and the run loop's share the request; the models never see a thread.
 */
final class Interruption implements AutoCloseable {
    /**
     * How long the hook waits for the run to end by itself before the JVM exits anyway. A run sees
     * the request within one slice; 5 s was too short on a machine at load 14 (the summary line was
     * lost, InterruptTest with two test forks), and the wait only matters when the run is stuck.
     */
    private static final long GRACE_SECONDS = 20;
    /** What the run reports; a shutdown hook cannot tell which signal started the shutdown. */
    static final String REASON = "interrupted (Ctrl-C or SIGTERM)";
    /** The status a run reports for it; the JVM's own (128 + signal) wins when the signal ends the process. */
    static final int STATUS = 130;

    private final StopRequest request = new StopRequest();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopAndWait, "xipkit-interrupt");

    /** Installs the hook for the duration of one run. */
    static Interruption install() {
        Interruption i = new Interruption();
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /**
     * Whether the JVM has begun to shut down (a signal's hooks are running): {@link Main#main} must
     * then leave the exit status to the JVM (128 + the signal), since a System.exit racing the
     * signal's own can win once the hooks have finished (JDK Shutdown.exit halts at once with a
     * non-zero status after VM shutdown). Runtime refuses new hooks exactly then.
     */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { }, "xipkit-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    StopRequest request() {
        return request;
    }

    private void stopAndWait() {
        request.request(REASON);
        try {
            finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run has ended and said so: lets a pending shutdown proceed, or removes the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it returns now that the run has finished.
        }
    }
}

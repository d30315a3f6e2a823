package io.xipkit.time;

import java.util.PriorityQueue;

/**
 * Events at virtual instants. Models schedule work (a timer reload, a UART byte leaving the
 * shift register, a flash operation completing) and the owner of the timeline runs them when
 * virtual time reaches them. Events at the same instant run in the order they were scheduled,
 * so a run is reproducible.
 */
public final class Scheduler {
    /** Work to do when virtual time reaches an instant. */
    @FunctionalInterface
    public interface Event {
        void fire(long nowPicos);
    }

    /** A scheduled event, cancellable until it has fired. */
    public static final class Handle {
        final long at;
        final long seq;
        final Event event;
        boolean cancelled;

        Handle(long at, long seq, Event event) {
            this.at = at;
            this.seq = seq;
            this.event = event;
        }

        public long atPicos() {
            return at;
        }

        public boolean isPending() {
            return !cancelled;
        }
    }

    private final PriorityQueue<Handle> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long sequence;
    private Runnable deadlineListener = () -> {};

    /** Called whenever the earliest deadline may have moved earlier. */
    public void onDeadlineChange(Runnable listener) {
        this.deadlineListener = listener;
    }

    public Handle schedule(long atPicos, Event event) {
        Handle h = new Handle(atPicos, sequence++, event);
        Handle head = queue.peek();
        queue.add(h);
        if (head == null || atPicos < head.at) deadlineListener.run();
        return h;
    }

    public void cancel(Handle handle) {
        if (handle != null && !handle.cancelled) {
            handle.cancelled = true;
            queue.remove(handle);
        }
    }

    /** The earliest pending instant, or {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextDeadline() {
        Handle h = queue.peek();
        return h == null ? Long.MAX_VALUE : h.at;
    }

    /** Fires every event due at or before {@code nowPicos}, in order. */
    public void runDue(long nowPicos) {
        Handle h;
        while ((h = queue.peek()) != null && h.at <= nowPicos) {
            queue.poll();
            h.cancelled = true;
            h.event.fire(nowPicos);
        }
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}

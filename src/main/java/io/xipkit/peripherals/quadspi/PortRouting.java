package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import java.util.Arrays;
import java.util.Objects;

/**
 * The switch an I/O manager (OCTOSPIM, RM0455 chapter 23; XSPIM, RM0477 "XSPI I/O manager (XSPIM)") puts between
 * two controllers and the memories on its two ports: each controller sees one {@link XspiTarget}
 * ({@link #controllerSide}) that reaches the memory on the port currently routed to it, or nothing
 * (the IO lines float: reads sample all ones and report undriven, as a pulled-up bus) when no port
 * is. A route change cuts a transaction in progress (the old memory sees chip select rise) and
 * tells the controller, which drops its memory-mapped fast path and the decoded code behind it.
 */
public final class PortRouting {
    private final XspiTarget[] ports;
    private final QuadspiFlash[] memories;
    private final int[] route;
    private final Side[] sides;
    private final Runnable[] listeners;
    private long routeChanges;

    /**
     * @param port1 memory on port 1, or null
     * @param port2 memory on port 2, or null
     */
    public PortRouting(QuadspiFlash port1, QuadspiFlash port2) {
        this.memories = new QuadspiFlash[] {port1, port2};
        this.ports = new XspiTarget[] {port1 == null ? null : port1.target(), port2 == null ? null : port2.target()};
        this.route = new int[] {0, 1};
        this.sides = new Side[] {new Side(0), new Side(1)};
        this.listeners = new Runnable[2];
    }

    /** What controller 1 or 2 sees on its IO lines. */
    public XspiTarget controllerSide(int controller) {
        return sides[controller - 1];
    }

    /**
     * What controller 1 or 2 is given: its side of the switch, and as the array for the
     * programmer path ({@link QuadspiWindow#load}) the memory on the port of the same number, the
     * one the manager routes to it at reset (a modelling limit: after a route change the
     * programmer path still writes that memory). Null when that port has no memory.
     */
    public QuadspiFlash controllerFlash(int controller) {
        QuadspiFlash m = memories[controller - 1];
        return m == null ? null : new QuadspiFlash(controllerSide(controller), m.memory());
    }

    /** Called after a route change that concerns {@code controller} (its own engine's invalidation). */
    public void onRouteChange(int controller, Runnable listener) {
        listeners[controller - 1] = Objects.requireNonNull(listener, "listener");
    }

    /** The port (1 or 2) routed to controller 1 or 2, or 0 when none is. */
    public int portOf(int controller) {
        return route[controller - 1] + 1;
    }

    /** Sets the whole map: {@code portOfController1/2} are 1, 2 or 0 (not routed). */
    void route(int portOfController1, int portOfController2) {
        int[] next = {portOfController1 - 1, portOfController2 - 1};
        if (Arrays.equals(next, route)) return;
        routeChanges++;
        for (int c = 0; c < 2; c++) {
            if (next[c] == route[c]) continue;
            sides[c].cut();
            route[c] = next[c];
            if (listeners[c] != null) listeners[c].run();
        }
    }

    /** A controller's view of its IO lines through the switch. */
    private final class Side implements XspiTarget {
        private final int controller;
        private XspiTarget selected;
        private XspiTarget repeating;

        Side(int controller) {
            this.controller = controller;
        }

        private XspiTarget target() {
            int p = route[controller];
            return p < 0 ? null : ports[p];
        }

        void cut() {
            if (selected != null) selected.deselect();
            selected = null;
        }

        @Override
        public void select() {
            selected = target();
            if (selected != null) selected.select();
        }

        @Override
        public void deselect() {
            cut();
        }

        @Override
        public void instruction(int opcode, int bytes, PhaseFormat format) {
            if (selected != null) selected.instruction(opcode, bytes, format);
        }

        @Override
        public void address(long value, int bytes, PhaseFormat format) {
            if (selected != null) selected.address(value, bytes, format);
        }

        @Override
        public void alternate(long value, int bytes, PhaseFormat format) {
            if (selected != null) selected.alternate(value, bytes, format);
        }

        @Override
        public void dummy(int cycles) {
            if (selected != null) selected.dummy(cycles);
        }

        @Override
        public void read(byte[] dst, int off, int len, PhaseFormat format) {
            if (selected != null) selected.read(dst, off, len, format);
            else Arrays.fill(dst, off, off + len, (byte) 0xFF);
        }

        @Override
        public boolean lastReadDriven() {
            return selected != null && selected.lastReadDriven();
        }

        @Override
        public void write(byte[] src, int off, int len, PhaseFormat format) {
            if (selected != null) selected.write(src, off, len, format);
        }

        @Override
        public DirectRead directRead(ReadCommand command) {
            XspiTarget t = target();
            return t == null ? null : t.directRead(command);
        }

        /** The routed memory's answer while the route stays (a route change reschedules a skipped poll). */
        @Override
        public long quietRepeatUntil() {
            XspiTarget t = target();
            return t == null ? NOT_REPEATABLE : t.quietRepeatUntil();
        }

        @Override
        public void repeatsQuietly(long firstAt, long period, long times) {
            repeating = target();
            if (repeating != null) repeating.repeatsQuietly(firstAt, period, times);
        }

        /** Reaches the memory told of the repetitions, even after the route moved on. */
        @Override
        public void repeatsStopped() {
            if (repeating != null) repeating.repeatsStopped();
            repeating = null;
        }

        /** The routed memory's generation, moved on by every route change (2^32 apart). */
        @Override
        public long generation() {
            XspiTarget t = target();
            return (routeChanges << 32) + (t == null ? 0 : t.generation());
        }
    }
}

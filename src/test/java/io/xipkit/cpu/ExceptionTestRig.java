package io.xipkit.cpu;

/**
 * A core on {@link TestBus} with a vector table at 0 whose handlers are at known addresses and
 * hold UDF #0 (0xDE00, permanently undefined), so whatever the base decoder does they fault.
 * Ops are stepped by hand the way the run loop does it.
 */
final class ExceptionTestRig {
    static final int INITIAL_SP = 0x20010000;
    static final int RESET_HANDLER = 0x100;
    static final int UDF = 0xDE00;

    final TestBus bus = new TestBus();
    final Core core;

    ExceptionTestRig(CoreVariant variant) {
        core = new Core(variant, bus, 25_000_000);
        bus.write32(0, INITIAL_SP);
        for (int e = 1; e < 256; e++) {
            bus.write32(4 * e, handler(e) | 1);
            bus.putHalfwords(handler(e), UDF, UDF);
        }
        core.reset();
    }

    /** Handler address of exception e: 0x1000 + 0x10 * e. */
    static int handler(int e) {
        return e == 1 ? RESET_HANDLER : 0x1000 + 0x10 * e;
    }

    int read32(int a) {
        return core.read32(a);
    }

    void write32(int a, int v) {
        core.write32(a, v);
    }

    /** A register write made as privileged code regardless of the current CONTROL.nPRIV. */
    void write32Privileged(int a, int v) {
        int saved = core.control;
        core.control &= ~1;
        core.write32(a, v);
        core.control = saved;
    }

    /** Executes one op at core.pc as the run loop does (faults go to the exception unit). */
    void step(Op op) {
        core.r[15] = core.pc + 4;
        core.nextPc = core.pc + op.size;
        try {
            op.exec(core);
            core.pc = core.nextPc;
        } catch (CpuFault f) {
            core.exceptions.fault(f);
        } catch (BusErrorException e) {
            core.exceptions.fault(new CpuFault(FaultKind.PRECISERR, e.address(), true));
        }
    }

    /** An op whose body is the given action. */
    static Op op(int size, java.util.function.Consumer<Core> body) {
        return new Op(size) {
            @Override
            public void exec(Core c) {
                body.accept(c);
            }
        };
    }

    /** BX LR style exception return from the current handler. */
    void returnWith(int excReturn) {
        core.r[14] = excReturn;
        step(op(2, c -> c.bxWritePc(c.r[14])));
    }

    void take() {
        core.exceptions.takePendingIfAny();
    }

    void enableIrq(int irq, int priority) {
        write32(0xE000E100 + 4 * (irq / 32), 1 << (irq % 32));
        int a = 0xE000E400 + irq;
        core.write8(a, priority);
    }
}

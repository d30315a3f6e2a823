package io.xipkit.cpu;

/** Exception numbers of ARMv7-M (DDI 0403E, B1.5.2 "Exception number definition"). */
public final class ExceptionNumber {
    private ExceptionNumber() {}

    public static final int THREAD = 0;
    public static final int RESET = 1;
    public static final int NMI = 2;
    public static final int HARD_FAULT = 3;
    public static final int MEM_MANAGE = 4;
    public static final int BUS_FAULT = 5;
    public static final int USAGE_FAULT = 6;
    public static final int SVCALL = 11;
    public static final int DEBUG_MONITOR = 12;
    public static final int PENDSV = 14;
    public static final int SYSTICK = 15;
    /** External interrupt 0 (IRQ0) is exception 16. */
    public static final int IRQ0 = 16;

    public static String name(int exception) {
        switch (exception) {
            case THREAD: return "Thread";
            case RESET: return "Reset";
            case NMI: return "NMI";
            case HARD_FAULT: return "HardFault";
            case MEM_MANAGE: return "MemManage";
            case BUS_FAULT: return "BusFault";
            case USAGE_FAULT: return "UsageFault";
            case SVCALL: return "SVCall";
            case DEBUG_MONITOR: return "DebugMonitor";
            case PENDSV: return "PendSV";
            case SYSTICK: return "SysTick";
            default: return exception >= IRQ0 ? "IRQ" + (exception - IRQ0) : "Reserved" + exception;
        }
    }
}

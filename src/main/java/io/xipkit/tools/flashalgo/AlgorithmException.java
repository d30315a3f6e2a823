package io.xipkit.tools.flashalgo;

/**
 * A flash algorithm failed while running on the target. Each kind is a distinct cause (DESIGN-NOTES
 * section 6: a canary breach, a fault, a lockup and a budget overrun must never look alike), and the
 * one-line message speaks in the algorithm author's terms: the function as the author named it,
 * its arguments, what it returned and after how much virtual time.
 */
public abstract sealed class AlgorithmException extends Exception
        permits AlgorithmException.Placement, AlgorithmException.CallFailed, AlgorithmException.Faulted,
        AlgorithmException.TimedOut, AlgorithmException.StackOverflow, AlgorithmException.Unexpected {
    private static final long serialVersionUID = 1L;

    AlgorithmException(String message) {
        super(message, null, false, false);
    }

    /** The algorithm does not fit the target's RAM, or its fixed addresses are not RAM. */
    public static final class Placement extends AlgorithmException {
        private static final long serialVersionUID = 1L;

        Placement(String message) {
            super(message);
        }
    }

    /** The function returned its format's failure code (or, for Verify, a mismatch address). */
    public static final class CallFailed extends AlgorithmException {
        private static final long serialVersionUID = 1L;
        private final long returned;

        CallFailed(String message, long returned) {
            super(message);
            this.returned = returned;
        }

        public long returned() {
            return returned;
        }
    }

    /** The core took a fault (or locked up) inside the algorithm. */
    public static final class Faulted extends AlgorithmException {
        private static final long serialVersionUID = 1L;

        Faulted(String message) {
            super(message);
        }
    }

    /** The function did not return within its budget of virtual time. */
    public static final class TimedOut extends AlgorithmException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /** The function wrote below its stack (the canary words at the stack bottom changed). */
    public static final class StackOverflow extends AlgorithmException {
        private static final long serialVersionUID = 1L;

        StackOverflow(String message) {
            super(message);
        }
    }

    /** The core stopped for a reason no algorithm should cause (its own BKPT, a semihosting exit). */
    public static final class Unexpected extends AlgorithmException {
        private static final long serialVersionUID = 1L;

        Unexpected(String message) {
            super(message);
        }
    }
}

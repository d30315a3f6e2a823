package io.xipkit.cli;

import io.xipkit.time.Clock;
import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --max-instructions} and {@code --max-time}: shared by every command that runs firmware. */
final class LimitOptions {
    /** The longest --max-time: picoseconds in a signed 64-bit count (about 106 days). */
    static final long MAX_SECONDS = Long.MAX_VALUE / Clock.PICOS_PER_SECOND;

    @Option(names = "--max-instructions", paramLabel = "N", converter = PositiveLong.class,
            description = "Stop after N instructions (exit status 4).")
    Long maxInstructions;

    @Option(names = "--max-time", paramLabel = "SECONDS", converter = VirtualSeconds.class,
            description = "Stop after this much virtual time, e.g. 0.5 (exit status 4).")
    Long maxPicos;

    long instructions() {
        return maxInstructions == null ? Long.MAX_VALUE : maxInstructions;
    }

    long picos() {
        return maxPicos == null ? Long.MAX_VALUE : maxPicos;
    }

    /** A positive count. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long n = Long.parseLong(value.replace("_", ""));
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("expected a positive whole number, got '" + value + "'");
        }
    }

    /** Seconds of virtual time (decimal fraction or exponent allowed) as picoseconds. */
    static final class VirtualSeconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            BigDecimal picos;
            try {
                picos = new BigDecimal(value).multiply(BigDecimal.valueOf(Clock.PICOS_PER_SECOND));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a positive number of seconds such as 0.5, got '" + value + "'");
            }
            if (picos.signum() <= 0) {
                throw new TypeConversionException("expected a positive number of seconds such as 0.5, got '" + value + "'");
            }
            if (picos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
                throw new TypeConversionException("'" + value + "' s is over the limit of " + MAX_SECONDS
                        + " s (about 106 days) of virtual time; give at most " + MAX_SECONDS + ", or no --max-time");
            }
            if (picos.longValue() == 0) {
                throw new TypeConversionException("'" + value + "' s is under the resolution of 1 ps of virtual time");
            }
            return picos.longValue();
        }
    }
}

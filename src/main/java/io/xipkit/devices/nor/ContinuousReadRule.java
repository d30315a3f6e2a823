package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;

/**
 * The part's continuous-read (XIP / performance-enhance) rule, compiled from {@link NorPart.Xip}:
 * which mode bits keep the next transaction instruction-less, whether the confirmation is the
 * DQ0 level in the first dummy clock (Micron), and the read a part may start in at power-up.
 */
final class ContinuousReadRule {
    private enum Rule { MASK, NIBBLES_DIFFER, BIT0_ZERO }

    private final NorPart.Xip xip; // null: the part has no continuous-read mode
    private final Rule rule;
    private final int mask, value;
    private final boolean dq0FirstDummy;
    private final RegisterField disable;       // non-zero disables the rule (Micron VCR bit 3)
    private final RegisterField powerUpField;  // Micron NVCR bits 11:9

    ContinuousReadRule(NorPart part, NorRegisters regs) {
        this.xip = part.xip();
        if (xip == null) {
            rule = null;
            mask = value = 0;
            dq0FirstDummy = false;
            disable = powerUpField = null;
            return;
        }
        rule = switch (xip.rule()) {
            case "mask" -> Rule.MASK;
            case "nibbles-differ" -> Rule.NIBBLES_DIFFER;
            case "bit0-zero", "dq0-first-dummy" -> Rule.BIT0_ZERO;
            default -> throw new IllegalStateException(part.part() + ": unknown XIP rule " + xip.rule());
        };
        mask = rule == Rule.MASK ? (int) NorPart.Hex.parse(xip.mask()) : 0;
        value = rule == Rule.MASK ? (int) NorPart.Hex.parse(xip.value()) : 0;
        dq0FirstDummy = "dq0-first-dummy".equals(xip.rule());
        disable = xip.enableField() == null ? null : regs.field(xip.enableField());
        powerUpField = xip.powerUpField() == null || xip.powerUpOps() == null ? null : regs.field(xip.powerUpField());
    }

    boolean exists() {
        return xip != null;
    }

    /** Whether these mode bits keep the part in continuous-read mode. */
    boolean keeps(int modeBits) {
        if (xip == null) return false;
        if (disable != null && disable.get() != 0) return false;
        return switch (rule) {
            case MASK -> (modeBits & mask) == value;
            case NIBBLES_DIFFER -> (modeBits >>> 4) != (modeBits & 0xF);
            case BIT0_ZERO -> (modeBits & 1) == 0;
        };
    }

    /** Micron XIP: fast reads (those with dummy clocks) take the confirmation bit in the first dummy clock. */
    boolean confirmsInFirstDummyClock(NorCommand c) {
        return dq0FirstDummy && c.spec.dummy() > 0;
    }

    /** Micron NVCR bits 11:9: the part can start in XIP with the read the code selects (111 = off). */
    NorCommand powerUpCommand(NorCommandSet commands, Protocol protocol, boolean dtrProtocol) {
        if (powerUpField == null) return null;
        long code = powerUpField.get();
        if (code == powerUpField.allOnes() || code >= xip.powerUpOps().size()) return null;
        return commands.lookup(protocol, dtrProtocol, (int) NorPart.Hex.parse(xip.powerUpOps().get((int) code)));
    }
}

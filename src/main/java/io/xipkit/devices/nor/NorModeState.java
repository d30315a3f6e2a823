package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;

/**
 * The part's volatile mode state shared by its decoder and its operation engine: supply, bus
 * protocol, address mode, write-enable latches, reset enable, deep power-down, continuous-read
 * mode and the protection-error flag; plus the {@code generation} every change that can alter what
 * a read returns bumps (see {@link io.xipkit.peripherals.xspi.XspiTarget#generation()}).
 */
final class NorModeState {
    boolean powered = true;
    Protocol protocol = Protocol.SPI;
    boolean addr4;
    boolean wel;
    boolean volatileWel;
    boolean resetEnabled;
    boolean deepPowerDown;
    /** Continuous-read mode: the read command implied by the next transaction, or null. */
    NorCommand xipCmd;
    boolean protectionError;
    long generation;
}

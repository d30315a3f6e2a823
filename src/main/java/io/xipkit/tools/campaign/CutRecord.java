package io.xipkit.tools.campaign;

/**
 * The result of one cut point: which operation was cut where, whether the invariant held after the
 * reboot, the first check that failed and the ends of the console output before the cut and after the
 * reboot; {@code tornSeed} is the seed of the torn pattern the cut left (see {@link CutPoint});
 * {@code recoveryCut} describes the second cut, in the first flash operation of the recovery, when
 * the scenario asks for one and the rebooted firmware started an operation (else null); the
 * console tail is then that of the third power-on.
 */
public record CutRecord(int id, int operation, String kind, String memory, long address, long length,
                        long operationStartPicos, long cutPicos, String position, boolean survived,
                        String failedCheck, String consoleTailBeforeCut, String consoleTail,
                        String reproducer, long tornSeed, String recoveryCut) {}

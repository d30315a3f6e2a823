package io.xipkit.tools.campaign;

/**
 * The result of one cut point: which operation was cut where, whether the invariant held after the
 * reboot, the first check that failed and the ends of the console output before the cut and after the
 * reboot; {@code tornSeed} is the seed of the torn pattern the cut left (see {@link CutPoint}).
 */
public record CutRecord(int id, int operation, String kind, String memory, long address, long length,
                        long operationStartPicos, long cutPicos, String position, boolean survived,
                        String failedCheck, String consoleTailBeforeCut, String consoleTail,
                        String reproducer, long tornSeed) {}

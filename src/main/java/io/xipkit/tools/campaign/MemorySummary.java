package io.xipkit.tools.campaign;

import java.util.List;

/**
 * A flash memory of the scenario's board after the uncut run: its size and the erase count of each
 * {@link io.xipkit.bus.NonVolatileMemory#WEAR_UNIT} (what the report draws as the erase heat map).
 */
public record MemorySummary(String name, long size, int wearUnit, List<Integer> eraseCounts) {}

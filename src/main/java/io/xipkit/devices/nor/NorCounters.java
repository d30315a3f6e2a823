package io.xipkit.devices.nor;

/** Running totals for one chip; mutable, owned by the chip, read by reports. */
public final class NorCounters {
    long transactions;
    long reads;
    long bytesRead;
    long programs;
    long bytesProgrammed;
    long erases;
    long bytesErased;
    long registerWrites;
    long ignoredCommands;
    long warnings;
    long suspends;
    long powerCuts;

    public long transactions() { return transactions; }
    public long reads() { return reads; }
    public long bytesRead() { return bytesRead; }
    public long programs() { return programs; }
    public long bytesProgrammed() { return bytesProgrammed; }
    public long erases() { return erases; }
    public long bytesErased() { return bytesErased; }
    public long registerWrites() { return registerWrites; }
    public long ignoredCommands() { return ignoredCommands; }
    public long warnings() { return warnings; }
    public long suspends() { return suspends; }
    public long powerCuts() { return powerCuts; }

    @Override
    public String toString() {
        return "transactions=" + transactions + " reads=" + reads + " bytesRead=" + bytesRead + " programs=" + programs
                + " bytesProgrammed=" + bytesProgrammed + " erases=" + erases + " bytesErased=" + bytesErased
                + " registerWrites=" + registerWrites + " ignored=" + ignoredCommands + " warnings=" + warnings
                + " suspends=" + suspends + " powerCuts=" + powerCuts;
    }
}

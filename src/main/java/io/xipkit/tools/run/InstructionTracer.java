package io.xipkit.tools.run;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Op;
import io.xipkit.cpu.TraceListener;
import io.xipkit.cpu.disasm.ThumbDisassembler;
import java.io.PrintStream;

/**
 * Prints each executed instruction: address, symbol, disassembly, e.g.
 * {@code 0x000001a4 <main+0x4>  movs r0, #7}.
 * The one place the runner touches the disassembler (io.xipkit.cpu.disasm).
 */
final class InstructionTracer implements TraceListener {
    private final PrintStream out;
    private final SymbolLookup symbols;
    private final StringBuilder line = new StringBuilder(96);
    private final ThumbDisassembler disassembler;

    InstructionTracer(PrintStream out, SymbolLookup symbols) {
        this.out = out;
        this.symbols = symbols;
        this.disassembler = new ThumbDisassembler(symbols::describe);
    }

    @Override
    public void executed(Core core, int pc, Op op) {
        int hw1;
        int hw2 = 0;
        try {
            hw1 = core.bus.fetch16(pc);
            if (op.size == 4) hw2 = core.bus.fetch16(pc + 2);
        } catch (BusErrorException e) {
            hw1 = -1;
        }
        line.setLength(0);
        line.append(String.format("0x%08x", pc));
        String sym = symbols.describe(pc);
        if (sym != null) line.append(" <").append(sym).append('>');
        line.append("  ");
        if (hw1 < 0) line.append("<unreadable>");
        else line.append(disassemble(pc, hw1, hw2, core.curIt, op.size));
        out.println(line);
    }

    private String disassemble(int pc, int hw1, int hw2, int itState, int size) {
        return disassembler.disassemble(pc, hw1, hw2, itState).text();
    }
}

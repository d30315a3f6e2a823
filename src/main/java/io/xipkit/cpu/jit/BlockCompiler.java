package io.xipkit.cpu.jit;

import io.xipkit.cpu.BlockRole;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.FpOp;
import io.xipkit.cpu.Op;
import io.xipkit.cpu.OpForm;
import io.xipkit.cpu.TranslatedBlock;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Turns a run of decoded instructions into one JVM class (a hidden class, unloaded with its block).
 * The run loop's per-instruction work disappears: no table lookup, no megamorphic dispatch (each
 * op is a constant of the class, so HotSpot inlines its {@code exec}), no PC/next-PC bookkeeping
 * between straight-line instructions, ITSTATE resolved at translation time, and the counts kept
 * exact only where something can observe them (before accesses and at exits).
 *
 * <p>What the generated {@code run} does for instruction i at {@code pc} (the interpreter's steps,
 * DDI 0403E A7.3.3 for the IT handling):
 * <pre>
 *   [inside an IT block]  curIt = it; itState = ITAdvance(it); skip to (*) unless ConditionPassed(it[7:4])
 *   R15 = pc + 4;  [END]  core.pc = pc; nextPc = pc + size
 *   op.exec(core)
 *   (*) count it;  [ACCESS] exit at pc + size if cycles reached the service checkpoint;  [END] exit at nextPc
 * </pre>
 * A fault leaves core.pc at the faulting instruction and ITSTATE as before it; counts of the
 * instructions before it are already in the core (they are flushed before every non-pure op).
 *
 * <p>Instructions with an {@link OpForm} are not exec'd but emitted: data processing through
 * {@link AluEmitter} on registers held in locals ({@link RegisterLocals}), with only the flags
 * {@link FlagLiveness} says are still needed; direct branches as the block's exits (or, for B and
 * BL in a trace, as nothing but the link register), a branch back to the start looping inside
 * {@code run} while the checkpoint leaves room for the whole block; loads and stores through
 * {@link MemoryEmitter} straight to plain RAM, with the op's {@code exec} as their slow way
 * (peripherals, MPU, caches, unaligned, stores near decoded code), which settles the counts, the
 * PC a fault reports and a service request itself.
 *
 * <p>Every way out returns the successor chained to it ({@link TranslatedBlock#links}; see there),
 * so the run loop goes on to the next block without looking it up: a fixed slot for each way out
 * to a known address with ITSTATE 0, one checked slot for the target an exec'd branch left in PC,
 * and none where the service is due or the block ends inside an IT block.
 *
 * <p>Floating-point instructions ({@link FpOp}) run {@code execEnabled} like register ops (no
 * flush, no checkpoint, core registers left in locals unless they use them), FP loads and stores
 * inline like the integer ones. The first of a block makes ExecuteFPCheck (which may fault or
 * stack lazily preserved state, with the counts, registers and PC settled first, and the
 * checkpoint tested after the op) unless a local says a check already passed in this run of the
 * block (a block looping inside itself checks once). What the check reads changes only through
 * ops that end the block, exceptions (which leave it), or stores into the System Control Space:
 * a store through exec (or the slow way of an inline one) makes the next FP op check again, and
 * the slow way of an inline store after a check that later ops rely on leaves the block.
 */
final class BlockCompiler {
    private static final String CORE = "io/xipkit/cpu/Core";
    private static final String OP = "io/xipkit/cpu/Op";
    private static final String FP_OP = "io/xipkit/cpu/FpOp";
    private static final String EXCEPTIONS = "io/xipkit/cpu/ExceptionUnit";
    private static final String BASE = "io/xipkit/cpu/TranslatedBlock";
    /** The name every block's class is defined with (hidden classes get a suffix of their own). */
    static final String NAME = "io/xipkit/cpu/jit/Block";
    /** Static final fields of every block's class: its {@link CoreArrays}. */
    static final String LOADS = "loads", STORES = "stores", INDEX = "index", R = "r", S = "s";
    /**
     * Operand stack depth {@code run} is given, above the deepest the emitters reach (a long
     * compare beside the core, a store's core, address, size and value); the verifier rejects a
     * block that would go deeper.
     */
    private static final int MAX_STACK = 12;
    // Locals of run(Core): this, the core, its register array, the PC and ITSTATE a fault reports.
    private static final int CORE_L = 1, R_L = 2, PC_L = 3, IT_L = 4, EX_L = 5;
    /** R0–R14 while inline bytecode holds them ({@link RegisterLocals}), then the ALU's and the loads' scratch locals. */
    private static final int REGS_L = 6, SCRATCH_L = REGS_L + 15, MEM_L = SCRATCH_L + 3;
    /**
     * 1 once ExecuteFPCheck has passed in this run of the block and nothing since may have changed
     * its inputs (a block looping inside itself checks once); 1 while the check just made may have
     * asked for service (lazy preservation wrote memory), until the checkpoint is tested.
     */
    private static final int FP_OK_L = MEM_L + MemoryEmitter.SCRATCH, FP_DID_L = FP_OK_L + 1;

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    /**
     * @param ops  the instructions, in address order, each {@code pcs[i] + ops[i].size == pcs[i + 1]}
     * @param pcs  their addresses
     * @param arrays the core's arrays for the access context the block is for
     */
    TranslatedBlock compile(Op[] ops, int[] pcs, CoreArrays arrays) {
        int n = ops.length;
        int end = pcs[n - 1] + ops[n - 1].size;   // where the last instruction falls through to
        // Frames and maxs written here (FixedFrames, MAX_STACK): no analysis of the methods.
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, BASE, null);
        // Op i in static final field o<i>, HotSpot's constant once the class is initialised (so
        // it inlines the op's exec), all set from the class data in one call: cheaper to make
        // than a dynamic constant per op, each resolved through its bootstrap method.
        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        clinit.visitLdcInsn("_");
        clinit.visitLdcInsn(Type.getType(Object[].class));
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        clinit.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/lang/Object;");
        for (int i = 0; i < n; i++) {
            cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "o" + i, "L" + OP + ";", null, null)
                    .visitEnd();
            clinit.visitInsn(Opcodes.DUP);
            clinit.visitLdcInsn(i);
            clinit.visitInsn(Opcodes.AALOAD);
            clinit.visitTypeInsn(Opcodes.CHECKCAST, OP);
            clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "o" + i, "L" + OP + ";");
        }
        // The core's arrays from the slots after it, as constants HotSpot folds into the accesses.
        String[][] arrayFields = {{LOADS, "[[B"}, {STORES, "[[B"}, {INDEX, "[I"}, {R, "[I"}, {S, "[I"}};
        for (int k = 0; k < arrayFields.length; k++) {
            cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, arrayFields[k][0], arrayFields[k][1], null, null)
                    .visitEnd();
            clinit.visitInsn(Opcodes.DUP);
            clinit.visitLdcInsn(n + 1 + k);
            clinit.visitInsn(Opcodes.AALOAD);
            clinit.visitTypeInsn(Opcodes.CHECKCAST, arrayFields[k][1]);   // an array's descriptor is its class name
            clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, arrayFields[k][0], arrayFields[k][1]);
        }
        // The block itself into the class data's slot after the ops, for compile to return: no reflection.
        clinit.visitLdcInsn(n);
        clinit.visitTypeInsn(Opcodes.NEW, NAME);
        clinit.visitInsn(Opcodes.DUP);
        clinit.visitMethodInsn(Opcodes.INVOKESPECIAL, NAME, "<init>", "()V", false);
        clinit.visitInsn(Opcodes.AASTORE);
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(5, 0);
        clinit.visitEnd();

        // ITSTATE of each instruction, known at translation time (the block starts with 0), and
        // what is emitted inline rather than through exec.
        int[] its = new int[n];
        OpForm[] forms = new OpForm[n];
        // FP ops whose ExecuteFPCheck an earlier, unconditional FP op of the block has passed
        // (FpOp), and the inline stores whose slow way must leave the block so that no FP op
        // relies on that check after a store that may have changed CPACR, FPCCR or CONTROL.
        boolean[] fpChecked = new boolean[n], leaveAfterSlowStore = new boolean[n];
        // FP ops that check at run time unless FP_OK_L says a check has passed, and the ops
        // after which FP_OK_L must be cleared.
        boolean[] dynCheck = new boolean[n], resetsCheck = new boolean[n];
        boolean checkPassed = false;
        for (int i = 0, it = 0; i < n; i++) {
            its[i] = it;
            OpForm f = OpForm.of(ops[i]);
            if (f instanceof OpForm.Alu a && AluEmitter.handles(a)) forms[i] = a;
            if (f instanceof OpForm.RegisterOp) forms[i] = f;
            if (f != null && MemoryEmitter.handles(f)) forms[i] = f;
            if (f instanceof OpForm.DirectBranch && it == 0) forms[i] = f;
            BlockRole role = BlockRole.of(ops[i]);
            if (ops[i] instanceof FpOp) {
                // FP loads and stores after the check are inline (or, too long for that, exec'd
                // as the checking op is); a store through exec may change the check's inputs.
                boolean memory = f instanceof OpForm.FpLoadStore;
                if (MemoryEmitter.handlesFp(f)) forms[i] = f;
                fpChecked[i] = checkPassed && (!memory || forms[i] != null);
                leaveAfterSlowStore[i] = forms[i] instanceof OpForm.FpLoadStore l && !l.load();
                dynCheck[i] = !fpChecked[i] && (!memory || forms[i] != null);
                if (it == 0) checkPassed = true;
                if (memory && forms[i] == null && !((OpForm.FpLoadStore) f).load()) {
                    checkPassed = false;
                    resetsCheck[i] = true;
                }
            } else if (forms[i] != null && MemoryEmitter.handles(forms[i])) {
                leaveAfterSlowStore[i] = checkPassed && !MemoryEmitter.isLoad(forms[i]);
            } else if (forms[i] == null && role != BlockRole.PURE && role != BlockRole.IF_THEN) {
                checkPassed = false;   // an op run through exec that may access memory: check again
                resetsCheck[i] = true;
            }
            it = role == BlockRole.IF_THEN ? BlockRole.itStateOf(ops[i]) : BlockRole.advance(it);
        }
        int[] needed = FlagLiveness.neededAfter(forms, its);
        RegisterLocals regs = new RegisterLocals(REGS_L, R_L);
        AluEmitter alu = new AluEmitter(CORE_L, SCRATCH_L);
        MemoryEmitter mem = new MemoryEmitter(CORE_L, MEM_L);
        RegisterOpEmitter registerOps = new RegisterOpEmitter(CORE_L, SCRATCH_L + 1);

        Exits exits = new Exits();
        FixedFrames m = frames(cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "(L" + CORE + ";)L" + BASE + ";", null, null));
        m.visitCode();
        // The try range ends where the handler starts: one label there, with the handler's frame.
        Label tryStart = new Label(), handler = new Label(), top = new Label();
        m.visitTryCatchBlock(tryStart, handler, handler, null);
        m.visitFieldInsn(Opcodes.GETSTATIC, NAME, R, "[I");
        m.visitVarInsn(Opcodes.ASTORE, R_L);
        // Every int local a frame names is set before the first label (FixedFrames); the
        // registers' locals are read only once RegisterLocals has loaded them.
        for (int local : new int[] {PC_L, IT_L, FP_OK_L, FP_DID_L}) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, local);
        }
        for (int x = 0; x < 15; x++) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, REGS_L + x);
        }
        m.visitLabel(top);
        m.visitLdcInsn(pcs[0]);
        m.visitVarInsn(Opcodes.ISTORE, PC_L);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, IT_L);
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "curIt", "I");
        m.visitLabel(tryStart);

        // curIt, ITSTATE and IT_L may hold values of an IT block that has ended: an exec'd op in
        // it set them, and the inline conditional ops after it do not advance them.
        boolean itLive = false;
        int pending = 0;         // instructions executed but not yet added to the core's counts
        for (int i = 0; i < n; i++) {
            Op op = ops[i];
            int pc = pcs[i];
            int next = pc + op.size;
            int it = its[i];
            boolean last = i == n - 1;
            OpForm form = forms[i];
            // An inline load or store counts like a register op: its slow way settles the counts
            // itself; so does an FP op after the block's FP check (no fault, memory or service).
            boolean fpEnabled = fpChecked[i] || dynCheck[i];   // runs execEnabled / inline after a check
            BlockRole role = form != null && (MemoryEmitter.handles(form) || form instanceof OpForm.RegisterOp) || fpEnabled
                    ? BlockRole.PURE : BlockRole.of(op);
            if (form instanceof OpForm.DirectBranch direct) {
                // Direct branches outside IT blocks: no exec. A trace goes on where pcs[i + 1]
                // says (the target or the next instruction); the other way is a side exit, and an
                // exit to the block's own start loops inside the method while the budget lasts.
                if (itLive) {
                    endIt(m);
                    itLive = false;
                }
                int target = direct.target();
                int follow = last ? -1 : pcs[i + 1];
                if (form instanceof OpForm.Branch b && b.link()) {
                    m.visitLdcInsn(next | 1);
                    regs.store(m, 14);
                }
                boolean conditional = !(form instanceof OpForm.Branch b && b.cond() == 14) && target != next;
                if (conditional) {
                    Label taken = new Label(), onward = new Label();
                    if (form instanceof OpForm.Branch b) {
                        ConditionEmitter.jumpIfPassed(m, CORE_L, b.cond(), taken);
                    } else {
                        OpForm.CompareBranch cb = (OpForm.CompareBranch) form;
                        regs.load(m, cb.rn(), pc);
                        m.visitJumpInsn(cb.nonZero() ? Opcodes.IFNE : Opcodes.IFEQ, taken);
                    }
                    // Not taken:
                    if (follow != next) sideExit(m, regs, pending + 1, pc, next, pcs[0], n, top, exits);
                    else m.visitJumpInsn(Opcodes.GOTO, onward);
                    m.visitLabel(taken);
                    if (follow != target) sideExit(m, regs, pending + 1, pc, target, pcs[0], n, top, exits);
                    // Placed only if jumped to: at the method's end it would share the handler's offset.
                    if (follow == next) m.visitLabel(onward);
                } else if (follow != target) {
                    sideExit(m, regs, pending + 1, pc, target, pcs[0], n, top, exits);
                }
                if (last) break;
                pending++;
                continue;
            }
            if (role == BlockRole.IF_THEN) {
                // IT sets only ITSTATE, which the translation knows for each instruction after it:
                // nothing to run. The ops that can observe ITSTATE (exec'd ones, inline accesses
                // with a slow way, a fault) set it themselves, as does a way out inside the IT block.
                pending++;
                continue;
            }
            if (it != 0 && (form instanceof OpForm.Alu || form instanceof OpForm.RegisterOp)) {
                // A conditional register op: its registers are loaded into locals before the
                // condition, so both ways agree at the join without a write-back (a skipped op
                // leaves Rd's local as it was, written back later as if written); it cannot fault
                // or observe ITSTATE, which it leaves to the ops that can.
                int uses = form instanceof OpForm.Alu a ? registersOf(a) : RegisterOpEmitter.reads((OpForm.RegisterOp) form);
                for (int x = 0; x < 15; x++) if ((uses & (1 << x)) != 0) regs.hold(m, x);
                Label skip = new Label();
                ConditionEmitter.jumpIfFailed(m, CORE_L, it >>> 4, skip);
                if (form instanceof OpForm.Alu a) alu.emit(m, a, it, needed[i], regs, pc);
                else registerOps.emit(m, (OpForm.RegisterOp) form, regs, pc);
                m.visitLabel(skip);
                pending++;
                continue;
            }
            if (it == 0 && OpForm.of(op) instanceof OpForm.Multiple ret && MemoryEmitter.returns(ret)) {
                if (itLive) endIt(m);
                functionReturn(m, mem, ret, regs, i, pending, pc, next, exits);
                break;   // an END op: the last of the block
            }
            boolean inline = form != null;
            boolean fpOnly = fpEnabled && !inline && !((FpOp) op).touchesCoreRegisters();
            if ((!inline && !fpOnly) || it != 0) {
                // exec reads and writes the core's array; a conditional instruction is a join.
                regs.writeBack(m);
                regs.forget();
            }
            if (role != BlockRole.PURE) {
                flush(m, pending);
                pending = 0;
                m.visitLdcInsn(pc);
                m.visitVarInsn(Opcodes.ISTORE, PC_L);
            }
            if (role == BlockRole.END) {
                putInt(m, "pc", pc);
                putInt(m, "nextPc", next);
            }
            Label skip = new Label();
            if (it != 0) {
                putInt(m, "curIt", it);
                putInt(m, "itState", BlockRole.advance(it));
                m.visitLdcInsn(it);
                m.visitVarInsn(Opcodes.ISTORE, IT_L);
                ConditionEmitter.jumpIfFailed(m, CORE_L, it >>> 4, skip);
                itLive = true;
            } else if (itLive) {
                endIt(m);
                itLive = false;
            }
            if (dynCheck[i]) fpCheck(m, regs, pending, pc);
            if (inline) {
                if (form instanceof OpForm.Alu a) alu.emit(m, a, it, needed[i], regs, pc);
                else if (form instanceof OpForm.RegisterOp r) registerOps.emit(m, r, regs, pc);
                else access(m, mem, form, op, i, regs, pending, pc, next, leaveAfterSlowStore[i]);
                if (it != 0) {
                    regs.writeBack(m);
                    regs.forget();
                }
            } else {
                if (role == BlockRole.END || BlockRole.readsPc(op)) setR15(m, pc);
                pushOp(m, i);
                if (fpEnabled) {
                    m.visitTypeInsn(Opcodes.CHECKCAST, FP_OP);
                    m.visitVarInsn(Opcodes.ALOAD, CORE_L);
                    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FP_OP, "execEnabled", "(L" + CORE + ";)V", false);
                } else {
                    m.visitVarInsn(Opcodes.ALOAD, CORE_L);
                    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, OP, "exec", "(L" + CORE + ";)V", false);
                }
            }
            m.visitLabel(skip);
            if (dynCheck[i]) fpCheckTail(m, regs, pending, pc, next);
            if (resetsCheck[i]) {
                m.visitInsn(Opcodes.ICONST_0);
                m.visitVarInsn(Opcodes.ISTORE, FP_OK_L);
            }
            if (role == BlockRole.END) {
                exits.dynamic(m, 1);
                if (!last) throw new IllegalArgumentException("an END op must be last");
                pending = 0;
            } else if (role == BlockRole.ACCESS) {
                flush(m, 1);
                if (!last) {
                    // The access may have asked for service (a peripheral event, a changed code page).
                    exitIfServiceDue(m, pc, next);
                }
                pending = 0;
            } else {
                pending++;
            }
        }
        if (BlockRole.of(ops[n - 1]) != BlockRole.END) {
            regs.writeBack(m);
            // The successor starts with ITSTATE 0 unless the block ends inside an IT block.
            int itAfter = BlockRole.of(ops[n - 1]) == BlockRole.IF_THEN ? BlockRole.itStateOf(ops[n - 1])
                    : BlockRole.advance(its[n - 1]);
            if (itAfter != 0) putInt(m, "itState", itAfter);   // inline ops and IT itself leave it unset
            else if (itLive) endIt(m);
            exitAt(m, pending, pcs[n - 1], end, itAfter == 0 ? exits.next() : -1);
        }
        m.visitLabelWithStack(handler, "java/lang/Throwable");
        // A fault: the run loop sees the core as at the faulting instruction (Core.run's catch).
        m.visitVarInsn(Opcodes.ASTORE, EX_L);
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitVarInsn(Opcodes.ILOAD, PC_L);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "pc", "I");
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitVarInsn(Opcodes.ILOAD, IT_L);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "itState", "I");
        m.visitVarInsn(Opcodes.ALOAD, R_L);
        m.visitIntInsn(Opcodes.BIPUSH, 15);
        m.visitVarInsn(Opcodes.ILOAD, PC_L);
        m.visitInsn(Opcodes.ICONST_4);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IASTORE);
        m.visitVarInsn(Opcodes.ALOAD, EX_L);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(MAX_STACK, m.maxLocals());
        m.visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitLdcInsn(n);
        init.visitLdcInsn(pcs[0]);
        init.visitLdcInsn(end);
        init.visitLdcInsn(exits.count);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE, "<init>", "(IIII)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(5, 1);
        init.visitEnd();
        cw.visitEnd();
        // The ops, a slot that the class's initialisation (run by the definition) fills with the
        // block, and the core's arrays.
        Object[] data = Arrays.copyOf(ops, n + 6, Object[].class);
        data[n + 1] = arrays.loads();
        data[n + 2] = arrays.stores();
        data[n + 3] = arrays.index();
        data[n + 4] = arrays.r();
        data[n + 5] = arrays.s();
        try {
            lookup.defineHiddenClassWithClassData(cw.toByteArray(), data, true);
            return (TranslatedBlock) data[n];
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("translated block at 0x" + Integer.toHexString(pcs[0]) + " cannot be loaded", e);
        }
    }

    /**
     * A load or store: {@link MemoryEmitter}'s fast way, else the instruction's {@code exec} as the
     * run loop would run it (registers and the counts of the {@code pending} instructions before
     * it in the core, PC for a fault), leaving the block after it if it asked for service, else
     * taking the counts back so that both ways go on with {@code pending + 1} uncounted.
     */
    private static void access(FixedFrames m, MemoryEmitter mem, OpForm form, Op op, int i, RegisterLocals regs,
                               int pending, int pc, int next, boolean leave) {
        Label slow = new Label(), done = new Label();
        int dirty = regs.dirtyMask();   // the fast way's writes are not on the slow way
        if (form instanceof OpForm.FpLoadStore l) mem.emitFp(m, l, regs, pc, slow);
        else mem.emit(m, form, regs, pc, slow);
        m.visitJumpInsn(Opcodes.GOTO, done);
        m.visitLabel(slow);
        regs.storeAll(m, dirty);
        m.visitLdcInsn(pc);
        m.visitVarInsn(Opcodes.ISTORE, PC_L);
        // Core.execAccess: the run loop's steps in one small call (the class stays small for
        // HotSpot; a hot slow way is inlined, the op a constant).
        Label on = new Label();
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        pushOp(m, i);
        m.visitLdcInsn(pending);
        m.visitLdcInsn(pc);
        m.visitLdcInsn(next);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CORE, "execAccess", "(L" + OP + ";III)Z", false);
        m.visitJumpInsn(Opcodes.IFEQ, on);
        m.visitInsn(Opcodes.ACONST_NULL);   // the service is due: Core.chainExit is -1
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(on);
        int written = MemoryEmitter.writes(form);
        for (int x = 0; x < 15; x++) if ((written & (1 << x)) != 0) regs.reload(m, x);
        m.visitInsn(Opcodes.ICONST_0);   // exec may have stored into the SCB: the next FP op checks
        m.visitVarInsn(Opcodes.ISTORE, FP_OK_L);
        if (leave) {
            // The store may have changed what ExecuteFPCheck reads and later FP ops rely on the
            // check: leave after it, counted (execAccess took the pending + 1 back out).
            exitAt(m, pending + 1, pc, next, -1);
        }
        m.visitLabel(done);
    }

    /**
     * POP {..., PC} (or another load multiple into the PC), the block's last op: {@link
     * MemoryEmitter#emitReturn}'s fast way, then the way out to the loaded address as after an
     * exec'd branch; else the op's exec as the run loop would run it (registers, counts, PC, R15
     * in the core), and the same way out.
     */
    private static void functionReturn(FixedFrames m, MemoryEmitter mem, OpForm.Multiple ret, RegisterLocals regs, int i,
                                       int pending, int pc, int next, Exits exits) {
        int dirty = regs.dirtyMask();   // the fast way's writes are not on the slow way
        flush(m, pending);
        m.visitLdcInsn(pc);
        m.visitVarInsn(Opcodes.ISTORE, PC_L);
        Label slow = new Label();
        mem.emitReturn(m, ret, regs, pc, slow);
        regs.writeBack(m);
        setR15(m, pc);
        exits.dynamic(m, 1);
        m.visitLabel(slow);
        regs.storeAll(m, dirty);
        putInt(m, "pc", pc);
        putInt(m, "nextPc", next);
        setR15(m, pc);
        pushOp(m, i);
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, OP, "exec", "(L" + CORE + ";)V", false);
        exits.dynamic(m, 1);
    }

    /**
     * ExecuteFPCheck for the FP op at {@code pc} unless one has passed in this run of the block:
     * with the registers and counts in the core and the PC for a fault (NOCP, lazy stacking), the
     * counts taken back afterwards so that both ways go on with {@code pending} uncounted.
     */
    private static void fpCheck(FixedFrames m, RegisterLocals regs, int pending, int pc) {
        Label passed = new Label();
        m.visitVarInsn(Opcodes.ILOAD, FP_OK_L);
        m.visitJumpInsn(Opcodes.IFNE, passed);
        regs.storeDirty(m);
        flush(m, pending);
        m.visitLdcInsn(pc);
        m.visitVarInsn(Opcodes.ISTORE, PC_L);
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitFieldInsn(Opcodes.GETFIELD, CORE, "exceptions", "L" + EXCEPTIONS + ";");
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, EXCEPTIONS, "fpuAccess", "()V", false);
        flush(m, -pending);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitVarInsn(Opcodes.ISTORE, FP_OK_L);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitVarInsn(Opcodes.ISTORE, FP_DID_L);
        m.visitLabel(passed);
    }

    /** After the FP op at {@code pc} whose check ran: leaves the block if that check asked for service (as an access does). */
    private static void fpCheckTail(FixedFrames m, RegisterLocals regs, int pending, int pc, int next) {
        Label done = new Label();
        m.visitVarInsn(Opcodes.ILOAD, FP_DID_L);
        m.visitJumpInsn(Opcodes.IFEQ, done);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, FP_DID_L);
        flush(m, pending + 1);
        exitIfServiceDue(m, regs, pc, next);
        flush(m, -(pending + 1));
        m.visitLabel(done);
    }

    /**
     * Leaves the block after the branch at {@code pc} for {@code dest}, with {@code count}
     * instructions not yet counted: to the block's start again (the top of the method) when that
     * is {@code dest} and the budget has room for the whole block.
     */
    private static void sideExit(FixedFrames m, RegisterLocals regs, int count, int pc, int dest, int start, int n, Label top,
                                 Exits exits) {
        regs.storeDirty(m);
        if (dest == start) {
            flush(m, count);
            count = 0;
            Label out = new Label();
            m.visitVarInsn(Opcodes.ALOAD, CORE_L);
            m.visitFieldInsn(Opcodes.GETFIELD, CORE, "cycles", "J");
            m.visitLdcInsn((long) n);
            m.visitInsn(Opcodes.LADD);
            m.visitVarInsn(Opcodes.ALOAD, CORE_L);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CORE, "serviceCheckpoint", "()J", false);
            m.visitInsn(Opcodes.LCMP);
            m.visitJumpInsn(Opcodes.IFGT, out);
            m.visitJumpInsn(Opcodes.GOTO, top);
            m.visitLabel(out);
        }
        exitAt(m, count, pc, dest, exits.next());
    }

    /** Leaves the block after the instruction at {@code pc} (next: {@code next}) if the cycles reached the service checkpoint. */
    private static void exitIfServiceDue(FixedFrames m, int pc, int next) {
        exitIfServiceDue(m, null, pc, next);
    }

    /** The same, storing the registers written in locals (if {@code regs}) on the way out. */
    private static void exitIfServiceDue(FixedFrames m, RegisterLocals regs, int pc, int next) {
        Label go = new Label();
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitFieldInsn(Opcodes.GETFIELD, CORE, "cycles", "J");
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CORE, "serviceCheckpoint", "()J", false);
        m.visitInsn(Opcodes.LCMP);
        m.visitJumpInsn(Opcodes.IFLT, go);
        if (regs != null) regs.storeDirty(m);
        exitAt(m, 0, pc, next, -1);   // the run loop serves first: no chaining
        m.visitLabel(go);
    }

    /** The registers (bit x for Rx, R0-R14) an ALU op reads or writes. */
    private static int registersOf(OpForm.Alu a) {
        int mask = 0;
        for (int x : new int[] {a.rn(), a.rm(), a.writesResult() ? a.rd() : -1}) if (x >= 0 && x < 15) mask |= 1 << x;
        return mask;
    }

    /** After an IT block: ITSTATE 0 in the core (curIt with it) and in the local a fault reports. */
    private static void endIt(FixedFrames m) {
        putInt(m, "curIt", 0);
        putInt(m, "itState", 0);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, IT_L);
    }

    /** Pushes op i of the block, a constant of its class (so HotSpot inlines its exec). */
    private static void pushOp(FixedFrames m, int i) {
        m.visitFieldInsn(Opcodes.GETSTATIC, NAME, "o" + i, "L" + OP + ";");
    }

    /**
     * The frames of {@code run}: this, the core, its register array, the PC and ITSTATE a fault
     * reports, the registers' locals, and the FP check's two flags, each always of one type.
     */
    private static FixedFrames frames(MethodVisitor run) {
        Object[] typed = new Object[2 * (7 + 15)];
        int k = 0;
        for (Object o : new Object[] {0, NAME, CORE_L, CORE, R_L, "[I", PC_L, Opcodes.INTEGER, IT_L, Opcodes.INTEGER,
                FP_OK_L, Opcodes.INTEGER, FP_DID_L, Opcodes.INTEGER}) typed[k++] = o;
        for (int x = 0; x < 15; x++) {
            typed[k++] = REGS_L + x;
            typed[k++] = Opcodes.INTEGER;
        }
        return new FixedFrames(run, FP_DID_L + 1, typed);
    }

    private static void putInt(FixedFrames m, String field, int value) {
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitLdcInsn(value);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, field, "I");
    }

    /** cycles += k; instructions += k (one cycle per instruction, as in the run loop): {@code Core.count}. */
    private static void flush(FixedFrames m, int k) {
        if (k == 0) return;
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitLdcInsn(k);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CORE, "count", "(I)V", false);
    }

    /** R15 as the run loop sets it before the instruction at {@code pc}. */
    private static void setR15(MethodVisitor m, int pc) {
        m.visitVarInsn(Opcodes.ALOAD, R_L);
        m.visitIntInsn(Opcodes.BIPUSH, 15);
        m.visitLdcInsn(pc + 4);
        m.visitInsn(Opcodes.IASTORE);
    }

    /**
     * Leaves the block after the instruction at {@code last}, with the next one at {@code pc}, as
     * the run loop's {@code pc = nextPc} (R15 as the loop left it for the last instruction), with
     * {@code count} instructions not yet counted: {@link TranslatedBlock#leave}, returning the
     * successor in chain slot {@code slot} (-1: none).
     */
    private static void exitAt(FixedFrames m, int count, int last, int pc, int slot) {
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, CORE_L);
        m.visitLdcInsn(count);
        m.visitLdcInsn(last + 4);
        m.visitLdcInsn(pc);
        m.visitLdcInsn(slot);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "leave", "(L" + CORE + ";IIII)L" + BASE + ";", false);
        m.visitInsn(Opcodes.ARETURN);
    }

    /**
     * The block's ways out and their chain slots ({@link TranslatedBlock#links}): each returns the
     * successor in its slot, or null with the slot's number in {@code Core.chainExit}.
     */
    private static final class Exits {
        int count;

        int next() {
            return count++;
        }

        /**
         * A way out to whatever PC the last instruction left (BX, POP {PC}, ...), with
         * {@code count} instructions not yet counted: a slot of its own whose block is returned
         * only if it starts at that PC and ITSTATE is 0 ({@link TranslatedBlock#leaveTo}).
         */
        void dynamic(FixedFrames m, int count) {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, CORE_L);
            m.visitLdcInsn(count);
            m.visitLdcInsn(next());
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "leaveTo", "(L" + CORE + ";II)L" + BASE + ";", false);
            m.visitInsn(Opcodes.ARETURN);
        }
    }
}

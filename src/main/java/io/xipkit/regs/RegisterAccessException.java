package io.xipkit.regs;

/**
 * A bus access a register block refuses: an unmapped offset (under {@link UnmappedPolicy#BUS_ERROR}),
 * a size the register does not allow (including any access wider than the register), or a
 * misaligned access.
 *
 * <p>Each block throws one preallocated instance without a stack trace, refilled for every
 * failure, so a failing access costs no allocation. Read its details before the next access to
 * the same block. The message is built on demand, e.g.
 * {@code "QUADSPI: byte write at offset 0x0 (QUADSPI.CR): size not allowed (allowed: 4)"}.
 */
public final class RegisterAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the access failed. */
    public enum Kind {
        UNMAPPED, SIZE_NOT_ALLOWED, MISALIGNED
    }

    private final transient RegisterBlock block;
    private Kind kind = Kind.UNMAPPED;
    private int offset;
    private int size;
    private boolean write;

    RegisterAccessException(RegisterBlock block) {
        super(null, null, false, false);
        this.block = block;
    }

    RegisterAccessException fill(Kind kind, int offset, int size, boolean write) {
        this.kind = kind;
        this.offset = offset;
        this.size = size;
        this.write = write;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public int offset() {
        return offset;
    }

    /** Access size in bytes. */
    public int size() {
        return size;
    }

    public boolean isWrite() {
        return write;
    }

    public RegisterBlock block() {
        return block;
    }

    @Override
    public String getMessage() {
        String width = switch (size) {
            case 1 -> "byte";
            case 2 -> "halfword";
            case 4 -> "word";
            default -> size + "-byte";
        };
        String where = String.format("%s: %s %s at offset 0x%X (%s)", block.name(), width, write ? "write" : "read",
                offset, block.describe(offset));
        return switch (kind) {
            case UNMAPPED -> where + ": no register there";
            case SIZE_NOT_ALLOWED -> where + ": size not allowed (allowed: " + block.allowedSizesAt(offset) + ")";
            case MISALIGNED -> where + ": misaligned";
        };
    }
}

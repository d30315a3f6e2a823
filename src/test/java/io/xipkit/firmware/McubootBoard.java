package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.StopReason;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.time.Clock;
import io.xipkit.tools.image.LoadableImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One power-on of {@code stm32h750-w25q128} or {@code stm32h757-mt25tl01g} for the reference boot loader's tests
 * (firmware/stm32h7/mcuboot): its memories kept in a map shared with later power-ons (what
 * {@code --state DIR} keeps between runs), the console as a byte pipe, the NOR chip model (die 1
 * of the MT25TL01G) reachable for power cuts and its program/erase operations collected as they start.
 */
final class McubootBoard implements BoardHost {
    static final long MS = Clock.PICOS_PER_MILLI;
    /** Console output is looked at once per slice of virtual time. */
    private static final long SLICE = Clock.PICOS_PER_MILLI;

    final String id;
    final Map<String, NonVolatileMemory> memories;
    final Board board;
    final NorChip chip;
    private final StringBuilder output = new StringBuilder();
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private final List<NorOperation> flashOps = new ArrayList<>();
    private long seenOps;
    private int consumed;
    private StopReason lastStop;

    /** A factory-fresh board (erased flash everywhere). */
    McubootBoard(String id) {
        this(id, new TreeMap<>());
    }

    /** The board whose flash memories are {@code memories} (shared with earlier power-ons). */
    McubootBoard(String id, Map<String, NonVolatileMemory> memories) {
        this.id = id;
        this.memories = memories;
        board = TestBoards.create(id, this);
        chip = board.model("qspi-flash1", NorChip.class);
    }

    @Override
    public NonVolatileMemory nonVolatile(String name, long size) {
        return memories.computeIfAbsent(name, n -> new ArrayNonVolatileMemory(size));
    }

    @Override
    public void event(String line) {}

    @Override
    public void consoleOutput(int b) {
        output.append((char) (b & 0xFF));
    }

    @Override
    public int consoleInput() {
        Byte b = input.poll();
        return b == null ? NO_INPUT_YET : b & 0xFF;
    }

    /** Stores an ELF as a programmer would. */
    McubootBoard program(String program) {
        LoadableImage image = H7Firmware.image(id, program);
        for (LoadableImage.Segment s : image.segments()) board.loadSegment(image.name(), s.address(), s.data(), s.stored());
        return this;
    }

    /** Stores raw bytes into the external flash at {@code offset} (from 0x90000000). */
    McubootBoard programFlash(long offset, byte[] data) {
        board.loadSegment("image", 0x9000_0000L + offset, data);
        return this;
    }

    McubootBoard powerOn() {
        board.reset();
        return this;
    }

    void send(byte[] bytes) {
        for (byte b : bytes) input.add(b);
    }

    void send(String text) {
        send(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** 'u', the length (4 bytes little-endian), the image: the sample app's receive command. */
    void sendUpdate(byte[] image) {
        byte[] b = new byte[5 + image.length];
        b[0] = 'u';
        for (int i = 0; i < 4; i++) b[1 + i] = (byte) (image.length >>> (8 * i));
        System.arraycopy(image, 0, b, 5, image.length);
        send(b);
    }

    /** The sample app running: it receives {@code image} into its other slot, then resets. */
    void receiveAndReset(byte[] image) {
        expect("app: ready", 200 * MS);
        sendUpdate(image);
        expect("app: image stored, pending", 5_000 * MS);
        expect("app: ready", 10 * MS);
        send("r");
    }

    /** True when the 16 bytes of the trailer's magic field of the slot at {@code slot} are erased. */
    boolean trailerMagicErased(int slot) {
        byte[] m = flash(slot + McubootImages.SLOT_SIZE - McubootImages.MAGIC_OFF, 16);
        for (byte x : m) if (x != (byte) 0xFF) return false;
        return true;
    }

    String output() {
        return output.toString();
    }

    long now() {
        return board.core().nowPicos();
    }

    /** The run ended by itself (semihosting exit, lockup): the reason, else null. */
    StopReason stopped() {
        return lastStop instanceof StopReason.TimeLimit ? null : lastStop;
    }

    /**
     * Runs until output not yet consumed contains {@code text}, for at most {@code picos} of virtual
     * time, or until the run ends or the chip loses power; consumes the output up to the match.
     * Returns whether it was seen.
     */
    boolean await(String text, long picos) {
        long deadline = now() + picos;
        while (true) {
            int at = output.indexOf(text, consumed);
            if (at >= 0) {
                consumed = at + text.length();
                return true;
            }
            if (now() >= deadline || stopped() != null || !chip.isPowered()) return false;
            lastStop = board.core().run(Long.MAX_VALUE, Math.min(deadline, now() + SLICE));
            collectOps();
        }
    }

    /** As {@link #await}, failing with the console's tail when the text does not come. */
    void expect(String text, long picos) {
        boolean seen = await(text, picos);
        assertThat(seen).as("console shows \"%s\" (stop: %s, chip powered: %s); output:%n%s", text, lastStop,
                chip.isPowered(), output()).isTrue();
    }

    /** Runs until the chip has lost power (an armed cut) or {@code picos} have passed. */
    boolean runUntilPowerLoss(long picos) {
        long deadline = now() + picos;
        while (chip.isPowered() && now() < deadline && stopped() == null) {
            lastStop = board.core().run(Long.MAX_VALUE, Math.min(deadline, now() + SLICE));
            collectOps();
        }
        return !chip.isPowered();
    }

    private void collectOps() {
        if (chip.nextOperationIndex() == seenOps) return; // the log is copied on every call: only when it grew
        for (NorOperation op : chip.operationLog()) {
            if (op.index() < seenOps) continue;
            if (op.outcome().equals("started") && op.endPicos() > op.startPicos()) flashOps.add(op);
        }
        seenOps = chip.nextOperationIndex();
    }

    /** The program and erase operations the chip started so far (sector erases, page programs). */
    List<NorOperation> flashOperations() {
        collectOps();
        return List.copyOf(flashOps);
    }

    /** The same board (its flash as it is now) powered on again. */
    McubootBoard powerCycled() {
        return new McubootBoard(id, memories).powerOn();
    }

    /**
     * {@code length} bytes of the external flash at window offset {@code offset}, as stored. On the
     * dual-flash MT25TL01G even bytes are in die 1 and odd bytes in die 2, each at offset / 2
     * (RM0399 "QUADSPI dual-flash mode").
     */
    byte[] flash(long offset, int length) {
        byte[] out = new byte[length];
        byte[] die1 = memories.get("qspi-flash1").array();
        NonVolatileMemory second = memories.get("qspi-flash2");
        if (second == null) {
            System.arraycopy(die1, (int) offset, out, 0, length);
        } else {
            byte[] die2 = second.array();
            for (int i = 0; i < length; i++) {
                long o = offset + i;
                out[i] = ((o & 1) == 0 ? die1 : die2)[(int) (o >> 1)];
            }
        }
        return out;
    }
}

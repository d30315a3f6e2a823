package io.xipkit.board;

import io.xipkit.bus.Peripheral;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.Core;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link PeripheralFactory} sees while a board is being built: the bus, the core, the
 * host, NVIC lines, and the peripherals built before it (by name), so later entries can use
 * earlier ones (a USART asks the RCC for its kernel clock).
 */
public final class BoardAssembly {
    private final Board board;
    private final Map<String, Object> built = new LinkedHashMap<>();

    BoardAssembly(Board board) {
        this.board = board;
    }

    public String boardId() {
        return board.id();
    }

    public SystemBus bus() {
        return board.bus();
    }

    public Core core() {
        return board.core();
    }

    public BoardHost host() {
        return board.host();
    }

    /** The level-sensitive NVIC input {@code irq} (IRQn) as a peripheral's interrupt output. */
    public IrqLine irq(PeripheralDescription d) {
        if (d.irq() < 0) throw d.params().error("irq", "missing");
        int n = d.irq();
        Core core = board.core();
        return asserted -> core.setInterruptLine(n, asserted);
    }

    /** Maps a register block at the entry's base with the given size. */
    public void mapRegisters(PeripheralDescription d, long size, Peripheral peripheral) {
        if (d.base() < 0) throw d.params().error("base", "missing");
        try {
            board.bus().mapPeripheral(d.name(), d.base(), size, peripheral);
        } catch (IllegalArgumentException e) {
            throw d.params().error("base", e.getMessage());
        }
    }

    /** Records a built model under the entry's name, for later entries and for tools. */
    public void register(PeripheralDescription d, Object model) {
        built.put(d.name(), model);
        board.registerModel(d.name(), model);
        if (model instanceof Resettable r) board.onReset(r);
    }

    /**
     * Records a part an entry builds besides its model (a NOR chip behind a QUADSPI entry) under
     * the name of its storage, for tools that reach the part itself (power-cut campaigns).
     */
    public void registerPart(String name, Object part) {
        board.registerModel(name, part);
    }

    /** A model built by an earlier entry. */
    public <T> T find(PeripheralDescription asking, String name, Class<T> type) {
        Object o = built.get(name);
        if (o == null) {
            throw asking.params().error("name", "needs \"" + name + "\" to be listed before it");
        }
        if (!type.isInstance(o)) {
            throw asking.params().error("name", "\"" + name + "\" is not a " + type.getSimpleName());
        }
        return type.cast(o);
    }

    /** The single earlier model of a type (e.g. the RCC), or an error naming what is missing. */
    public <T> T findOne(PeripheralDescription asking, Class<T> type) {
        T found = null;
        for (Object o : built.values()) {
            if (type.isInstance(o)) {
                if (found != null) throw asking.params().error("type", "more than one " + type.getSimpleName() + " on the board");
                found = type.cast(o);
            }
        }
        if (found == null) throw asking.params().error("type", "needs a " + type.getSimpleName() + " listed before it");
        return found;
    }

    /** The board being built (reset requests, memories by name). */
    public Board board() {
        return board;
    }

    /** Runs on every reset after the peripherals reset and before the core reads its vector table. */
    public void beforeCoreReset(Runnable hook) {
        board.onBeforeCoreReset(hook);
    }

    /** Runs after every reset of the core, in registration order (boot address selection...). */
    public void onBoot(Runnable hook) {
        board.onBoot(hook);
    }
}

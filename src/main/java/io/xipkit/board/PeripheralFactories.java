package io.xipkit.board;

import java.util.Map;
import java.util.TreeMap;

/**
 * The peripheral types a board file may name, each with the factory that builds it. Adding a
 * peripheral model to the boards is adding an entry here; the board files stay data.
 */
public final class PeripheralFactories {
    private final Map<String, PeripheralFactory> byType;

    private PeripheralFactories(Map<String, PeripheralFactory> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** Every type xipkit models. */
    public static PeripheralFactories standard() {
        Map<String, PeripheralFactory> m = new TreeMap<>();
        Stm32Factories.addTo(m);
        return new PeripheralFactories(m);
    }

    PeripheralFactory get(PeripheralDescription d) {
        PeripheralFactory f = byType.get(d.type());
        if (f == null) {
            throw d.params().error("type", "unknown peripheral type \"" + d.type() + "\" (known: "
                    + String.join(", ", new TreeMap<>(byType).keySet()) + ")");
        }
        return f;
    }
}

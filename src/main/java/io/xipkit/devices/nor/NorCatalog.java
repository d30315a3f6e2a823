package io.xipkit.devices.nor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts xipkit models, one YAML resource per part under this package's resource folder,
 * listed in {@code catalog.txt}. Immutable once loaded; {@link #standard()} is loaded on first use.
 */
public final class NorCatalog {
    private static final String BASE = "/io/xipkit/devices/nor/";
    private final Map<String, NorPart> parts;

    private NorCatalog(Map<String, NorPart> parts) {
        this.parts = Collections.unmodifiableMap(parts);
    }

    private static final class Holder {
        static final NorCatalog STANDARD = load();
    }

    public static NorCatalog standard() {
        return Holder.STANDARD;
    }

    private static NorCatalog load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, NorPart> m = new LinkedHashMap<>();
        for (String name : resource("catalog.txt").lines().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList()) {
            try {
                // Multi-line protocol forms are derived here, once, so every user sees the full command set.
                NorPart p = ProtocolForms.apply(yaml.readValue(resource(name), NorPart.class));
                m.put(p.part().toUpperCase(Locale.ROOT), p);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("catalog entry " + name + " is not valid: " + e.getMessage(), e);
            }
        }
        return new NorCatalog(m);
    }

    private static String resource(String name) {
        try (InputStream in = NorCatalog.class.getResourceAsStream(BASE + name)) {
            if (in == null) throw new IllegalStateException("missing catalog resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<NorPart> all() {
        return new ArrayList<>(parts.values());
    }

    /** Looks a part up by name, case-insensitively; throws with the list of known parts if absent. */
    public NorPart part(String name) {
        NorPart p = parts.get(name.toUpperCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown flash part '" + name + "' (known: " + String.join(", ", parts.keySet()) + ")");
        }
        return p;
    }

    /** The part one die of {@code p} is: itself for single-die parts, the die part for twin packages. */
    public NorPart diePart(NorPart p) {
        return p.twin() == null ? p : part(p.twin().die());
    }

    /** Number of independently selected dies (2 for twin-quad packages used in dual-flash mode). */
    public static int dies(NorPart p) {
        return p.twin() == null ? 1 : p.twin().dies();
    }
}

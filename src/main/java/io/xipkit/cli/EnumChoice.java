package io.xipkit.cli;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option value to one of an enum's constants, named in lower case (any case accepted);
 * anything else is refused listing the choices ("expected summary, all or off, got 'loud'").
 * Picocli builds converters through a no-argument constructor: a subclass names the enum.
 */
abstract class EnumChoice<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    EnumChoice(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        E[] all = type.getEnumConstants();
        for (E e : all) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        String[] names = Arrays.stream(all).map(e -> e.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        String choices = names.length == 1 ? names[0]
                : String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
        throw new TypeConversionException("expected " + choices + ", got '" + value + "'");
    }
}

package io.xipkit.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Numbers as board files write them ({@link Quantity}): the forms, the unit tables, what is refused and why. */
class QuantityTest {
    @Test
    void decimalAndHexWithUnderscoresAndUnitsAnyCase() throws Exception {
        assertThat(Quantity.parse("0x2000_0000", Quantity.NO_UNITS, false)).isEqualTo(0x2000_0000L);
        assertThat(Quantity.parse(" 4MiB ", Quantity.DESCRIPTION_UNITS, false)).isEqualTo(4L << 20);
        assertThat(Quantity.parse("25mhz", Quantity.DESCRIPTION_UNITS, false)).isEqualTo(25_000_000L);
        assertThat(Quantity.parse("64k", Quantity.PARAMETER_UNITS, true)).isEqualTo(64L << 10);
        assertThat(Quantity.parse("1GHz", Quantity.PARAMETER_UNITS, true)).isEqualTo(1_000_000_000L);
    }

    @Test
    void theShortUnitsBelongToParametersOnly() {
        assertThatThrownBy(() -> Quantity.parse("64k", Quantity.DESCRIPTION_UNITS, false))
                .isInstanceOfSatisfying(Quantity.Invalid.class, e -> {
                    assertThat(e.problem).isEqualTo(Quantity.Problem.UNKNOWN_UNIT);
                    assertThat(e.unit).isEqualTo("k");
                });
        assertThatThrownBy(() -> Quantity.parse("4MiB", Quantity.NO_UNITS, false))
                .isInstanceOfSatisfying(Quantity.Invalid.class, e -> assertThat(e.problem).isEqualTo(Quantity.Problem.UNKNOWN_UNIT));
    }

    @Test
    void hexUsesAll64BitsOnlyWhenTheCallerSaysSo() throws Exception {
        assertThat(Quantity.parse("0xFFFFFFFFFFFFFFFF", Quantity.NO_UNITS, true)).isEqualTo(-1L);
        assertThatThrownBy(() -> Quantity.parse("0xFFFFFFFFFFFFFFFF", Quantity.NO_UNITS, false))
                .isInstanceOfSatisfying(Quantity.Invalid.class, e -> assertThat(e.problem).isEqualTo(Quantity.Problem.OUT_OF_RANGE));
    }

    @Test
    void overflowAfterTheUnitAndTextThatIsNoNumberAreRefused() {
        assertThatThrownBy(() -> Quantity.parse("0x7FFFFFFFFFFFFFFF GiB", Quantity.DESCRIPTION_UNITS, false))
                .isInstanceOfSatisfying(Quantity.Invalid.class, e -> assertThat(e.problem).isEqualTo(Quantity.Problem.OUT_OF_RANGE));
        assertThatThrownBy(() -> Quantity.parse("fast", Quantity.PARAMETER_UNITS, true))
                .isInstanceOfSatisfying(Quantity.Invalid.class, e -> assertThat(e.problem).isEqualTo(Quantity.Problem.NOT_A_NUMBER));
    }
}

package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The register map against RM0433 §23.6 (offsets, reset values, field positions) and FCR/IRQ behaviour. */
class QuadspiRegisterMapTest {
    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");
    final RegisterBlock regs = rig.q.registers();

    private record F(String register, String field, int lsb, int width) {}

    @Test
    void registersSitAtTheOffsetsOfRm0433AndResetToZero() {
        String[] names = {"CR", "DCR", "SR", "FCR", "DLR", "CCR", "AR", "ABR", "DR", "PSMKR", "PSMAR", "PIR", "LPTR"};
        for (int i = 0; i < names.length; i++) {
            Register r = regs.register(names[i]);
            assertThat(r.offset()).as(names[i]).isEqualTo(4 * i);
            assertThat(r.resetValue()).as(names[i]).isZero();
        }
        assertThat(regs.register("DR").accessSizes()).containsExactly(1, 2, 4);
    }

    @Test
    void fieldsSitWhereRm0433PutsThem() {
        List<F> expected = List.of(
                new F("CR", "EN", 0, 1), new F("CR", "ABORT", 1, 1), new F("CR", "DMAEN", 2, 1), new F("CR", "TCEN", 3, 1),
                new F("CR", "SSHIFT", 4, 1), new F("CR", "DFM", 6, 1), new F("CR", "FSEL", 7, 1), new F("CR", "FTHRES", 8, 5),
                new F("CR", "TEIE", 16, 1), new F("CR", "TCIE", 17, 1), new F("CR", "FTIE", 18, 1), new F("CR", "SMIE", 19, 1),
                new F("CR", "TOIE", 20, 1), new F("CR", "APMS", 22, 1), new F("CR", "PMM", 23, 1), new F("CR", "PRESCALER", 24, 8),
                new F("DCR", "CKMODE", 0, 1), new F("DCR", "CSHT", 8, 3), new F("DCR", "FSIZE", 16, 5),
                new F("SR", "TEF", 0, 1), new F("SR", "TCF", 1, 1), new F("SR", "FTF", 2, 1), new F("SR", "SMF", 3, 1),
                new F("SR", "TOF", 4, 1), new F("SR", "BUSY", 5, 1), new F("SR", "FLEVEL", 8, 6),
                new F("FCR", "CTEF", 0, 1), new F("FCR", "CTCF", 1, 1), new F("FCR", "CSMF", 3, 1), new F("FCR", "CTOF", 4, 1),
                new F("DLR", "DL", 0, 32),
                new F("CCR", "INSTRUCTION", 0, 8), new F("CCR", "IMODE", 8, 2), new F("CCR", "ADMODE", 10, 2),
                new F("CCR", "ADSIZE", 12, 2), new F("CCR", "ABMODE", 14, 2), new F("CCR", "ABSIZE", 16, 2),
                new F("CCR", "DCYC", 18, 5), new F("CCR", "DMODE", 24, 2), new F("CCR", "FMODE", 26, 2),
                new F("CCR", "SIOO", 28, 1), new F("CCR", "DHHC", 30, 1), new F("CCR", "DDRM", 31, 1),
                new F("AR", "ADDRESS", 0, 32), new F("ABR", "ALTERNATE", 0, 32), new F("DR", "DATA", 0, 32),
                new F("PSMKR", "MASK", 0, 32), new F("PSMAR", "MATCH", 0, 32),
                new F("PIR", "INTERVAL", 0, 16), new F("LPTR", "TIMEOUT", 0, 16));
        for (F f : expected) {
            Field field = regs.field(f.register(), f.field());
            assertThat(field.lsb()).as(field.toString()).isEqualTo(f.lsb());
            assertThat(field.width()).as(field.toString()).isEqualTo(f.width());
        }
        assertThat(regs.register("CR").readableMask()).isEqualTo(0xFFDF_1FDF);
    }

    @Test
    void reservedBitsAndOffsetsReadZero() {
        rig.wr(DCR, -1);
        assertThat(rig.rd(DCR)).isEqualTo(0x001F_0701);
        rig.wr(PIR, -1);
        assertThat(rig.rd(PIR)).isEqualTo(0xFFFF);
        assertThat(rig.rd(0x34)).isZero();
        assertThat(rig.rd(0x800)).isZero();
    }

    @Test
    void fcrClearsOnlyTheFlagsWrittenWithOne() {
        rig.init(1, 23, TCIE | TEIE);
        rig.wr(CCR, wren().fmode(0).value());
        rig.runFor(1_000 * NS);
        rig.wr(DLR, 0);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0x0100_0000); // beyond FSIZE: TEF
        assertThat(rig.sr() & (TCF | TEF)).isEqualTo(TCF | TEF);
        rig.wr(FCR, TEF);
        assertThat(rig.sr() & (TCF | TEF)).isEqualTo(TCF);
        assertThat(rig.irq).as("TCF still set and enabled").isTrue();
        rig.wr(CR, rig.rd(CR) & ~TCIE);
        assertThat(rig.irq).as("disabling the interrupt drops the line").isFalse();
        assertThat(rig.rd(FCR)).as("FCR is write-only").isZero();
    }

    @Test
    void nothingStartsWhileTheControllerIsDisabled() {
        rig.wr(CCR, wren().fmode(0).value());
        assertThat(rig.sr() & (BUSY | TCF)).isZero();
        assertThat(rig.chip1.counters().transactions()).isZero();
    }
}

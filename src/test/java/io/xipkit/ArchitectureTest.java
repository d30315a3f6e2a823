package io.xipkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md: time, regs → cpu → bus → peripherals → devices →
 * board → tools → cli; each layer uses only layers to its left. Models hold no host I/O and
 * read no wall clock.
 */
class ArchitectureTest {
    private static final String[] MODELS = {
            "io.xipkit.time..", "io.xipkit.regs..", "io.xipkit.cpu..", "io.xipkit.bus..",
            "io.xipkit.peripherals..", "io.xipkit.devices..", "io.xipkit.board.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.xipkit");
    }

    @Test
    void layersDependOnlyOnLayersToTheirLeft() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("time").definedBy("io.xipkit.time..")
                .layer("regs").definedBy("io.xipkit.regs..")
                .layer("cpu").definedBy("io.xipkit.cpu..")
                .layer("bus").definedBy("io.xipkit.bus..")
                .layer("peripherals").definedBy("io.xipkit.peripherals..")
                .layer("devices").definedBy("io.xipkit.devices..")
                .layer("board").definedBy("io.xipkit.board..")
                .layer("tools").definedBy("io.xipkit.tools..")
                .layer("cli").definedBy("io.xipkit.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("tools").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("board").mayOnlyBeAccessedByLayers("tools", "cli")
                .whereLayer("devices").mayOnlyBeAccessedByLayers("board", "tools", "cli")
                .whereLayer("peripherals").mayOnlyBeAccessedByLayers("devices", "board", "tools", "cli")
                .whereLayer("bus").mayOnlyBeAccessedByLayers("peripherals", "devices", "board", "tools", "cli")
                .whereLayer("cpu").mayOnlyBeAccessedByLayers("bus", "peripherals", "devices", "board", "tools", "cli")
                // time and regs are the foundation: everyone may use them, they use no other layer.
                .check(classes);
        noClasses().that().resideInAnyPackage("io.xipkit.time..", "io.xipkit.regs..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.xipkit.cpu..", "io.xipkit.bus..", "io.xipkit.peripherals..", "io.xipkit.devices..",
                        "io.xipkit.board..", "io.xipkit.tools..", "io.xipkit.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void modelsDoNoHostFileOrNetworkIo() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().resideInAPackage("java.net..")
                .because("models hold no host I/O; the tools layer does it behind interfaces the models define")
                .check(classes);
    }

    @Test
    void modelsDoNotPrintToTheConsole() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .because("output of a model goes through an interface the tools layer implements")
                .check(classes);
    }

    @Test
    void modelsReadNoWallClock() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .because("models run on virtual time (io.xipkit.time.Clock) so every run is reproducible")
                .check(classes);
    }

    @Test
    void debugToolsDependOnTheTargetApiAndTheGdbServerOnlyAddsTheFlasher() {
        noClasses().that().resideInAPackage("io.xipkit.tools.target..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xipkit.tools.gdb..", "io.xipkit.tools.flasher..")
                .because("every host tool debugs through tools.target; it knows none of them")
                .check(classes);
        noClasses().that().resideInAPackage("io.xipkit.tools.flasher..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xipkit.tools.gdb..", "io.xipkit.tools.run..")
                .because("the flasher is usable without a gdb server or a runner (the flash-algorithm runner plugs in beside it)")
                .check(classes);
    }
}

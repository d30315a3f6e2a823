package io.xipkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.xipkit.archfixture.cycle.a.UsesB;
import io.xipkit.archfixture.cycle.b.UsesA;
import io.xipkit.archfixture.model.CleanModel;
import io.xipkit.archfixture.model.HasStaticCounter;
import io.xipkit.archfixture.model.OpensAFile;
import io.xipkit.archfixture.model.ReadsEnvironment;
import io.xipkit.archfixture.model.ReadsProperty;
import io.xipkit.archfixture.model.ReadsWallClockInstant;
import io.xipkit.archfixture.model.ReadsWallClockLocalDateTime;
import io.xipkit.archfixture.model.ReadsWallClockMillis;
import io.xipkit.archfixture.model.ReadsWallClockNanos;
import io.xipkit.archfixture.model.StartsAThread;
import io.xipkit.archfixture.model.UsesAnExecutor;
import io.xipkit.archfixture.model.WritesToStdout;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of the architecture (docs/ARCHITECTURE.md): layers time, regs → cpu → bus →
 * peripherals → devices → board → tools → cli, each using only layers to its left; no package
 * cycles anywhere; no static mutable state; models hold no host I/O, threads, wall clock or
 * environment access.
 *
 * <p>Each rule is a function of the packages it governs, so {@link PlantedViolations} can run the
 * very same rule over classes written to break it (src/test/java/io/xipkit/archfixture, imported
 * explicitly and never part of the production import) and show that it fails.
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

    // ---------------------------------------------------------------------------------------------
    // The rules, each over the packages it governs
    // ---------------------------------------------------------------------------------------------

    /** Every subpackage of {@code root} is a slice; no slice may reach itself through others. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .because("a cycle between packages makes them one package in disguise");
    }

    /** No static field that is not final: state lives in objects a board owns, so two boards in
     *  one JVM (tests, a campaign) never share it. */
    static ArchRule noStaticMutableFields(String... packages) {
        return fields().that().areDeclaredInClassesThat().resideInAnyPackage(packages)
                .and().areStatic()
                .and(notCompilerGenerated())
                .should().beFinal()
                .because("static mutable state would be shared by every board in the JVM");
    }

    static ArchRule modelsDoNoHostIo(String... models) {
        return noClasses().that().resideInAnyPackage(models)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.Console")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().resideInAPackage("java.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Process")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .because("models hold no host I/O; the tools layer does it behind interfaces the models define")
                .allowEmptyShould(true);
    }

    static ArchRule modelsStartNoThreads(String... models) {
        return noClasses().that().resideInAnyPackage(models)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadGroup")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .orShould().callMethod(Object.class, "wait")
                .orShould().callMethod(Object.class, "notify")
                .orShould().callMethod(Object.class, "notifyAll")
                .because("a model is driven by one thread through virtual time; concurrency lives in tools")
                .allowEmptyShould(true);
    }

    static ArchRule modelsReadNoWallClock(String... models) {
        return noClasses().that().resideInAnyPackage(models)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethodWhere(wallClockNow())
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.InstantSource")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Calendar")
                .because("models run on virtual time (io.xipkit.time.Clock) so every run is reproducible")
                .allowEmptyShould(true);
    }

    static ArchRule modelsReadNoEnvironment(String... models) {
        // ArrayViews reads the JDK's version to choose how an array access is made (Unsafe or a
        // VarHandle), never what it gives.
        return noClasses().that().resideInAnyPackage(models).and().doNotHaveFullyQualifiedName("io.xipkit.cpu.ArrayViews")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getProperties")
                .orShould().callMethod(System.class, "setProperty", String.class, String.class)
                .orShould().callMethod(Integer.class, "getInteger", String.class)
                .orShould().callMethod(Long.class, "getLong", String.class)
                .orShould().callMethod(Boolean.class, "getBoolean", String.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessHandle")
                .because("a model's behaviour is decided by its description and inputs, not by the host")
                .allowEmptyShould(true);
    }

    /** {@code now()} of any java.time class (LocalDateTime.now, ZonedDateTime.now, ...). */
    private static DescribedPredicate<JavaAccess<?>> wallClockNow() {
        return DescribedPredicate.describe("a java.time now() method",
                a -> a.getTarget().getOwner().getPackageName().equals("java.time") && a.getName().equals("now"));
    }

    /** Fields javac makes itself ($assertionsDisabled, switch maps, enum $VALUES) are not state. */
    private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaField> notCompilerGenerated() {
        return DescribedPredicate.describe("not compiler-generated",
                f -> !f.getModifiers().contains(JavaModifier.SYNTHETIC) && !f.getName().contains("$"));
    }

    // ---------------------------------------------------------------------------------------------
    // The rules over the production classes
    // ---------------------------------------------------------------------------------------------

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
    void noPackageDependsOnItselfThroughOthers() {
        noPackageCycles("io.xipkit").check(classes);
    }

    @Test
    void noStaticFieldIsMutable() {
        noStaticMutableFields("io.xipkit..").check(classes);
    }

    @Test
    void modelsDoNoHostIo() {
        modelsDoNoHostIo(MODELS).check(classes);
    }

    @Test
    void modelsStartNoThreads() {
        modelsStartNoThreads(MODELS).check(classes);
    }

    @Test
    void modelsReadNoWallClock() {
        modelsReadNoWallClock(MODELS).check(classes);
    }

    @Test
    void modelsReadNoEnvironment() {
        modelsReadNoEnvironment(MODELS).check(classes);
    }

    // ---------------------------------------------------------------------------------------------
    // Each rule fails on a class planted to break it
    // ---------------------------------------------------------------------------------------------

    @Nested
    class PlantedViolations {
        private static final String MODEL = "io.xipkit.archfixture.model..";

        /** Only the named classes: the production classes and the other fixtures stay out. */
        private JavaClasses planted(Class<?>... cs) {
            return new ClassFileImporter().importClasses(cs);
        }

        private void assertFails(ArchRule rule, Class<?> violator, String... mentions) {
            JavaClasses planted = planted(violator, CleanModel.class);
            var thrown = assertThatThrownBy(() -> rule.check(planted)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining(violator.getName());
            for (String m : mentions) thrown.hasMessageContaining(m);
        }

        @Test
        void aRuleHoldsForAModelThatBreaksNothing() {
            JavaClasses clean = planted(CleanModel.class);
            Stream.of(noStaticMutableFields(MODEL), modelsDoNoHostIo(MODEL), modelsStartNoThreads(MODEL),
                    modelsReadNoWallClock(MODEL), modelsReadNoEnvironment(MODEL)).forEach(r -> r.check(clean));
        }

        @Test
        void aCycleBetweenTwoPackagesFails() {
            JavaClasses planted = planted(UsesA.class, UsesB.class);
            assertThatThrownBy(() -> noPackageCycles("io.xipkit.archfixture").check(planted))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected")
                    .hasMessageContaining(UsesA.class.getName()).hasMessageContaining(UsesB.class.getName());
        }

        @Test
        void aStaticNonFinalFieldFails() {
            assertFails(noStaticMutableFields(MODEL), HasStaticCounter.class, "counter");
        }

        @Test
        void fileAccessAndConsoleOutputInAModelFail() {
            assertFails(modelsDoNoHostIo(MODEL), OpensAFile.class, "java.nio.file.Files");
            assertFails(modelsDoNoHostIo(MODEL), WritesToStdout.class, "System.out");
        }

        @Test
        void threadsInAModelFail() {
            assertFails(modelsStartNoThreads(MODEL), StartsAThread.class, "java.lang.Thread");
            assertFails(modelsStartNoThreads(MODEL), UsesAnExecutor.class, "java.util.concurrent");
        }

        @Test
        void wallClockReadsInAModelFail() {
            assertFails(modelsReadNoWallClock(MODEL), ReadsWallClockMillis.class, "currentTimeMillis");
            assertFails(modelsReadNoWallClock(MODEL), ReadsWallClockNanos.class, "nanoTime");
            assertFails(modelsReadNoWallClock(MODEL), ReadsWallClockInstant.class, "Instant");
            assertFails(modelsReadNoWallClock(MODEL), ReadsWallClockLocalDateTime.class, "LocalDateTime.now");
        }

        @Test
        void environmentReadsInAModelFail() {
            assertFails(modelsReadNoEnvironment(MODEL), ReadsEnvironment.class, "getenv");
            assertFails(modelsReadNoEnvironment(MODEL), ReadsProperty.class, "getProperty");
        }

        @Test
        void theFixturesAreNotPartOfTheProductionImport() {
            Set<String> names = classes.stream().map(JavaClass::getName).collect(Collectors.toSet());
            org.assertj.core.api.Assertions.assertThat(names).noneMatch(n -> n.startsWith("io.xipkit.archfixture"))
                    .contains("io.xipkit.cpu.Core");
        }
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

package io.xipkit.cpu;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's subpackages depend on the core in one direction only (the L1 caches, the debug
 * logic and the disassembler do not import {@code io.xipkit.cpu}), and the board layer reaches
 * the core through its methods, not its public fields.
 */
class CpuPackageDependenciesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.xipkit");
    }

    @Test
    void cacheDebugAndDisassemblerDoNotDependOnTheCorePackage() {
        noClasses().that().resideInAnyPackage("io.xipkit.cpu.cache..", "io.xipkit.cpu.debug..", "io.xipkit.cpu.disasm..")
                .should().dependOnClassesThat().resideInAPackage("io.xipkit.cpu")
                .check(classes);
    }

    @Test
    void theBoardLayerUsesNoFieldOfTheCore() {
        noClasses().that().resideInAPackage("io.xipkit.board..")
                .should().accessFieldWhere(JavaFieldAccess.Predicates.target(owner(assignableTo(CoreRegisters.class))))
                .check(classes);
    }
}

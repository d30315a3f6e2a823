package io.xipkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.xipkit.archfixture.tests.MisnamedChecks;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;

/**
 * Every class that holds tests is run by {@code mvn test}: its source file matches one of the
 * {@code <include>} patterns of the surefire configuration in pom.xml. Surefire's default
 * patterns silently skipped the jqwik {@code *Properties} classes once; this fails the build
 * instead when a test class is named so that nothing runs it.
 */
class TestClassesRunTest {
    /** The surefire {@code <include>} patterns of pom.xml (Maven runs tests from the project directory). */
    static List<String> surefireIncludes() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int plugin = pom.indexOf("<artifactId>maven-surefire-plugin</artifactId>");
        int end = pom.indexOf("</plugin>", plugin);
        assertThat(plugin).as("surefire plugin in pom.xml").isPositive();
        Matcher m = Pattern.compile("<include>([^<]+)</include>").matcher(pom.substring(plugin, end));
        List<String> includes = m.results().map(r -> r.group(1).trim()).toList();
        assertThat(includes).as("surefire <includes> in pom.xml").isNotEmpty();
        return includes;
    }

    /** Source paths (io/xipkit/.../FooTest.java) of the top-level classes that hold tests. */
    static Set<String> testSources(JavaClasses classes) {
        Set<String> sources = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getModifiers().contains(JavaModifier.ABSTRACT) || c.isInterface()) continue;
            if (c.getAllMethods().stream().noneMatch(TestClassesRunTest::isTest)) continue;
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
            sources.add(top.getName().replace('.', '/') + ".java");
        }
        return sources;
    }

    /** JUnit 5 and jqwik mark every test annotation (@Test, @ParameterizedTest, @Property, @Example...) @Testable. */
    private static boolean isTest(JavaMethod m) {
        return m.isAnnotatedWith(Testable.class) || m.isMetaAnnotatedWith(Testable.class);
    }

    /** The sources none of the includes match. */
    static Set<String> notRun(Set<String> sources, List<String> includes) {
        List<PathMatcher> matchers = includes.stream()
                .map(i -> FileSystems.getDefault().getPathMatcher("glob:" + i)).toList();
        Set<String> missed = new TreeSet<>();
        for (String s : sources) {
            if (matchers.stream().noneMatch(m -> m.matches(Path.of(s)))) missed.add(s);
        }
        return missed;
    }

    private static JavaClasses allTestClasses() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/io/xipkit/archfixture/"))
                .importPackages("io.xipkit");
    }

    @Test
    void everyTestClassMatchesASurefireInclude() throws IOException {
        Set<String> sources = testSources(allTestClasses());
        // The finder sees JUnit, nested and jqwik classes (else an empty set would pass).
        assertThat(sources).contains("io/xipkit/ArchitectureTest.java", "io/xipkit/regs/RegisterFieldProperties.java",
                "io/xipkit/tools/image/IntelHexFuzzProperties.java");
        assertThat(notRun(sources, surefireIncludes())).as("test classes surefire would not run").isEmpty();
    }

    @Test
    void aTestClassNamedOutsideTheIncludesIsReported() throws IOException {
        Set<String> sources = testSources(new ClassFileImporter().importClasses(MisnamedChecks.class));
        assertThat(notRun(sources, surefireIncludes())).containsExactly("io/xipkit/archfixture/tests/MisnamedChecks.java");
    }

    @Test
    void helpersWithoutTestsNeedNoMatchingName() {
        Set<String> sources = testSources(new ClassFileImporter().importClasses(io.xipkit.archfixture.model.CleanModel.class));
        assertThat(sources).isEmpty();
    }
}

package io.xipkit.archfixture.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Planted for TestClassesRunTest: a class with a test whose name matches none of surefire's
 * includes, so {@code mvn test} would never run it.
 */
public class MisnamedChecks {
    @Test
    void hexOfByteMax() {
        assertThat(Integer.toHexString(255)).isEqualTo("ff");
    }
}

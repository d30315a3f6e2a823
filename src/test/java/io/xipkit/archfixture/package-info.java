/**
 * Classes planted to break the rules of {@code io.xipkit.ArchitectureTest}, one rule each, so that
 * test can show every rule fails on a violation. Test-only: never part of the production import.
 */
package io.xipkit.archfixture;

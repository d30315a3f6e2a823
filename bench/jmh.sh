#!/usr/bin/env bash
# Runs JMH benchmarks compiled into target/test-classes (annotation processing generates them).
# Usage: bench/jmh.sh [JMH args, e.g. NorReadBenchmark -f 1]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B test-compile
cp_file="target/jmh.classpath"
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "${@:-NorReadBenchmark}"

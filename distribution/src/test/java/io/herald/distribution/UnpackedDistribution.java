package io.herald.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tarball {@code mvn package} produced ({@code herald.distribution.tarball}, set by this module's pom), unpacked
 * as an operator would, and its launcher run as an operator would: {@code bin/herald} on the JVM running the test
 * ({@code JAVA_HOME}), with no {@code HERALD_*} variable inherited from whoever runs the build.
 */
final class UnpackedDistribution {
    static final Path TARBALL = Path.of(System.getProperty("herald.distribution.tarball"));
    static final String VERSION = System.getProperty("herald.distribution.version");
    static final Path REPO = Path.of(System.getProperty("herald.repo.root")).toAbsolutePath().normalize();

    private final Path home;

    private UnpackedDistribution(Path home) {
        this.home = home;
    }

    /** Unpacks the tarball into {@code dir}; the distribution's home is {@code dir/herald-<version>}. */
    static UnpackedDistribution unpack(Path dir) throws Exception {
        assertThat(TARBALL).isRegularFile();
        Result tar = run(dir, List.of("tar", "-xzf", TARBALL.toString(), "-C", dir.toString()));
        assertThat(tar.exit()).as(tar.output()).isZero();
        return new UnpackedDistribution(dir.resolve("herald-" + VERSION));
    }

    Path home() {
        return home;
    }

    Path launcher() {
        return home.resolve("bin/herald");
    }

    /** {@code bin/herald args…}, run in {@code dir} to its end. */
    Result herald(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    /** {@code bin/herald args…} as a process builder, for long-running services the caller starts and stops. */
    ProcessBuilder heraldProcess(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        return builder(dir, command);
    }

    record Result(int exit, String output) {
    }

    /** Runs {@code command} in {@code dir} to its end (at most a minute); its exit code and merged output. */
    static Result run(Path dir, List<String> command) throws Exception {
        Process process = builder(dir, command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static ProcessBuilder builder(Path dir, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // The launcher's own lookup: JAVA_HOME/bin/java, here the JVM running the test.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Only what the test says: no HERALD_JAVA_OPTS, HERALD_CONFIG or HERALD_* overrides from whoever runs the build.
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        return builder;
    }
}

package io.herald.distribution;

import static io.herald.distribution.UnpackedDistribution.REPO;
import static io.herald.distribution.UnpackedDistribution.TARBALL;
import static io.herald.distribution.UnpackedDistribution.VERSION;
import static io.herald.distribution.UnpackedDistribution.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.distribution.UnpackedDistribution.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} produced, unpacked as an operator would, and the image's command line
 * ({@code compose/Dockerfile}) checked against it: what the Dockerfile adds is what the build made, its
 * entrypoint is the launcher in the tarball, and that launcher runs on the test's own Java 17.
 */
class DistributionIT {
    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = UnpackedDistribution.unpack(unpacked).home();
    }

    @Test
    void theTarballHoldsTheLauncherEveryJarAndTheConfiguration() throws IOException {
        assertThat(home.resolve("bin/herald")).isRegularFile().isExecutable();
        assertThat(home.resolve("conf/logback.xml")).isRegularFile();
        assertThat(home.resolve("conf/herald.properties.example")).isRegularFile();
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("herald-compose-"))
                    .anyMatch(name -> name.startsWith("herald-router-streams-"))
                    .anyMatch(name -> name.startsWith("herald-channel-workers-"))
                    .anyMatch(name -> name.startsWith("herald-ingest-service-"))
                    .anyMatch(name -> name.startsWith("kafka-streams-"))
                    .anyMatch(name -> name.startsWith("logback-classic-"))
                    .noneMatch(name -> name.startsWith("testcontainers-") || name.startsWith("junit-4"));
        }
    }

    @Test
    void theLauncherRunsFromTheUnpackedTarballOnJava17() throws Exception {
        Result help = run(home, List.of(home.resolve("bin/herald").toString(), "-h"));

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: herald").contains("up").contains("replay");
    }

    @Test
    void theLauncherFindsItsDistributionThroughASymlink() throws Exception {
        Path link = unpacked.resolve("herald-link");
        Files.createSymbolicLink(link, home.resolve("bin/herald"));

        Result help = run(unpacked, List.of(link.toString(), "--version"));

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("herald " + VERSION);
    }

    @Test
    void theImageAddsTheTarballTheBuildProduced() throws IOException {
        Dockerfile image = Dockerfile.read(REPO.resolve("compose/Dockerfile"));

        String added = image.argDefault("HERALD_VERSION");
        assertThat(added).as("the Dockerfile's HERALD_VERSION default").isEqualTo(VERSION);
        List<String> add = image.instruction("ADD");
        assertThat(REPO.resolve(image.substitute(add.get(0))).normalize()).isEqualTo(TARBALL.toAbsolutePath().normalize());
        assertThat(image.substitute(String.join(" ", image.instruction("RUN"))))
                .as("the unpack stage renames the tarball's top directory to /opt/herald")
                .contains("mv /opt/herald-" + VERSION + " /opt/herald");
    }

    @Test
    void theImageEntrypointAndCommandRunTheLauncherOfTheTarball() throws Exception {
        Dockerfile image = Dockerfile.read(REPO.resolve("compose/Dockerfile"));
        List<String> entrypoint = image.execForm("ENTRYPOINT");
        List<String> command = image.execForm("CMD");

        assertThat(entrypoint).hasSize(1);
        assertThat(entrypoint.get(0)).startsWith("/opt/herald/");
        Path launcher = home.resolve(entrypoint.get(0).substring("/opt/herald/".length()));
        assertThat(launcher).isRegularFile().isExecutable();

        List<String> commandLine = new ArrayList<>(List.of(launcher.toString()));
        commandLine.addAll(command);
        Result result = run(home, commandLine);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("Usage: herald");
    }
}

package io.herald.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioDistributionTest {

    private static final String VERSION = "9.9.9.Test";
    private static final String RUNNER = "apicurio-registry-app-" + VERSION + "-runner.jar";

    @TempDir
    Path tmp;

    @Test
    void systemPropertyWinsOverEnvironmentForAnExplicitHome() {
        Properties system = new Properties();
        system.setProperty(ApicurioDistribution.HOME_PROPERTY, "/from/property");
        Map<String, String> env = Map.of(ApicurioDistribution.HOME_ENV, "/from/env");

        assertThat(ApicurioDistribution.configuredHome(system, env)).contains(Path.of("/from/property"));
        assertThat(ApicurioDistribution.configuredHome(new Properties(), env)).contains(Path.of("/from/env"));
        assertThat(ApicurioDistribution.configuredHome(new Properties(), Map.of())).isEmpty();
    }

    @Test
    void usesAnExplicitHomeAsIs() throws IOException {
        Path home = fakeBundleDir(tmp.resolve("home"));

        assertThat(ApicurioDistribution.locate(Optional.of(home), buildInfo(tmp.resolve("unpacked"), tmp), tmp))
                .isEqualTo(home);
    }

    @Test
    void refusesAnExplicitHomeWithoutRunnerNamingTheSetting() {
        assertThatThrownBy(() -> ApicurioDistribution.locate(Optional.of(tmp), new Properties(), tmp.resolve("cache")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ApicurioDistribution.HOME_PROPERTY);
    }

    @Test
    void prefersTheDirectoryTheBuildUnpackedIntoOverTheCache() throws IOException {
        Path unpacked = fakeBundleDir(tmp.resolve("target/apicurio"));

        Path home = ApicurioDistribution.locate(Optional.empty(), buildInfo(unpacked, tmp.resolve("repo")), tmp.resolve("cache"));

        assertThat(home).isEqualTo(unpacked);
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void extractsTheMavenArchiveIntoTheCacheWhenNoBuildUnpackedIt() throws IOException {
        Path repo = tmp.resolve("repo");
        writeArchive(ApicurioDistribution.archiveIn(repo, VERSION), "");

        Path home = ApicurioDistribution.locate(Optional.empty(), buildInfo(tmp.resolve("missing"), repo), tmp.resolve("cache"));

        assertThat(home).isEqualTo(tmp.resolve("cache/apicurio-" + VERSION));
        assertThat(ApicurioDistribution.runnerJar(home)).hasFileName(RUNNER);
        assertThat(home.resolve("lib/dep.jar")).hasContent("dep");
    }

    @Test
    void reusesTheCacheOnceFilledEvenWithoutTheArchive() throws IOException {
        Path repo = tmp.resolve("repo");
        Path archive = ApicurioDistribution.archiveIn(repo, VERSION);
        writeArchive(archive, "");
        Properties info = buildInfo(tmp.resolve("missing"), repo);
        Path first = ApicurioDistribution.locate(Optional.empty(), info, tmp.resolve("cache"));
        Files.delete(archive);

        assertThat(ApicurioDistribution.locate(Optional.empty(), info, tmp.resolve("cache"))).isEqualTo(first);
    }

    @Test
    void treatsUnfilteredPlaceholdersAsAbsent() throws IOException {
        Path repo = tmp.resolve("repo");
        writeArchive(ApicurioDistribution.archiveIn(repo, VERSION), "");
        Properties info = buildInfo(tmp.resolve("missing"), repo);
        info.setProperty("apicurio.unpacked.dir", "${project.build.directory}/apicurio");

        assertThat(ApicurioDistribution.locate(Optional.empty(), info, tmp.resolve("cache")))
                .isEqualTo(tmp.resolve("cache/apicurio-" + VERSION));
    }

    @Test
    void concurrentExtractionsAllEndWithOneCompleteTreeAndNoLeftovers() throws Exception {
        Path archive = tmp.resolve("bundle.tar.gz");
        writeArchive(archive, "");
        Path target = tmp.resolve("cache/apicurio");
        int jvms = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(jvms);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < jvms; i++) {
                Callable<Path> extract = () -> {
                    go.await();
                    return ApicurioDistribution.extractAtomically(archive, target);
                };
                results.add(pool.submit(extract));
            }
            go.countDown();
            for (Future<Path> result : results) {
                assertThat(result.get()).isEqualTo(target);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ApicurioDistribution.runnerJar(target)).hasFileName(RUNNER);
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertThat(siblings).containsExactly(target);
        }
    }

    @Test
    void refusesArchiveEntriesThatWouldEscapeTheTarget() throws IOException {
        Path archive = tmp.resolve("evil.tar.gz");
        writeArchive(archive, "../../escaped.txt");

        assertThatThrownBy(() -> ApicurioDistribution.extractAtomically(archive, tmp.resolve("cache/apicurio")))
                .hasMessageContaining("cannot unpack");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
        assertThat(tmp.resolve("cache/apicurio")).doesNotExist();
    }

    @Test
    void explainsHowToGetAMissingArchive() {
        assertThatThrownBy(() -> ApicurioDistribution.extractAtomically(tmp.resolve("none.tar.gz"), tmp.resolve("c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("none.tar.gz")
                .hasMessageContaining("generate-resources");
    }

    private static Properties buildInfo(Path unpacked, Path repo) {
        Properties info = new Properties();
        info.setProperty("apicurio.version", VERSION);
        info.setProperty("apicurio.unpacked.dir", unpacked.toString());
        info.setProperty("maven.local.repository", repo.toString());
        return info;
    }

    private static Path fakeBundleDir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve(RUNNER), "runner");
        return dir;
    }

    /** The real bundle's layout: runner jar, lib/ and meta/ at the archive root. */
    private static void writeArchive(Path archive, String extraEntry) throws IOException {
        Files.createDirectories(archive.getParent());
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.putArchiveEntry(new TarArchiveEntry("lib/"));
            tar.closeArchiveEntry();
            addFile(tar, "lib/dep.jar", "dep");
            addFile(tar, "meta/info.txt", "meta");
            addFile(tar, RUNNER, "runner");
            if (!extraEntry.isEmpty()) {
                addFile(tar, extraEntry, "gotcha");
            }
        }
    }

    private static void addFile(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}

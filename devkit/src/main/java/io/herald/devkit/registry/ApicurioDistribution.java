package io.herald.devkit.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds the Apicurio Registry runner bundle on disk, unpacking it from the local Maven repository
 * when no build has done so.
 *
 * <p>Lookup order: an explicit home ({@value #HOME_PROPERTY} / {@value #HOME_ENV}), then the
 * directory the devkit build unpacked it into, then a per-user cache filled from the Maven archive.
 * Everything it reads comes in as arguments, so tests never depend on the real environment.
 */
final class ApicurioDistribution {

    static final String HOME_PROPERTY = "herald.registry.home";
    static final String HOME_ENV = "HERALD_REGISTRY_HOME";
    /** Written by the devkit build from {@code src/main/filtered}. */
    static final String BUILD_INFO_RESOURCE = "/herald-devkit.properties";
    static final String DEFAULT_VERSION = "2.6.13.Final";

    private ApicurioDistribution() {
    }

    /** The explicitly configured home, the system property winning over the environment. */
    static Optional<Path> configuredHome(Properties systemProperties, Map<String, String> env) {
        String home = systemProperties.getProperty(HOME_PROPERTY, env.get(HOME_ENV));
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
    }

    /**
     * Returns a directory holding the runner jar and its {@code lib/}.
     *
     * @param configuredHome an explicit home, used as is (and required to be complete)
     * @param buildInfo      the contents of {@value #BUILD_INFO_RESOURCE}, possibly empty
     * @param cacheRoot      where an extracted copy lives, e.g. {@code ~/.cache/herald}
     */
    static Path locate(Optional<Path> configuredHome, Properties buildInfo, Path cacheRoot) {
        if (configuredHome.isPresent()) {
            Path home = configuredHome.get();
            if (!hasRunner(home)) {
                throw new IllegalStateException(HOME_PROPERTY + "/" + HOME_ENV + " points to " + home
                        + ", which holds no *-runner.jar");
            }
            return home;
        }
        String unpacked = usable(buildInfo.getProperty("apicurio.unpacked.dir"));
        if (unpacked != null && hasRunner(Path.of(unpacked))) {
            return Path.of(unpacked);
        }
        String version = Optional.ofNullable(usable(buildInfo.getProperty("apicurio.version"))).orElse(DEFAULT_VERSION);
        Path cached = cacheRoot.resolve("apicurio-" + version);
        if (hasRunner(cached)) {
            return cached;
        }
        return extractAtomically(archiveIn(mavenRepository(buildInfo), version), cached);
    }

    /** The runner jar inside {@code home}. */
    static Path runnerJar(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(ApicurioDistribution::isRunner).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + home, e);
        }
    }

    /** Where Maven keeps the bundle: {@code <repo>/io/apicurio/apicurio-registry-app/<v>/…-all.tar.gz}. */
    static Path archiveIn(Path mavenRepository, String version) {
        return mavenRepository.resolve("io/apicurio/apicurio-registry-app").resolve(version)
                .resolve("apicurio-registry-app-" + version + "-all.tar.gz");
    }

    /**
     * Unpacks {@code archive} into {@code target} so that other JVMs see either nothing or the
     * complete tree: it is extracted into a private sibling directory and renamed in one step.
     * If another JVM wins the race, its copy is used and ours is discarded.
     */
    static Path extractAtomically(Path archive, Path target) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry bundle not found at " + archive
                    + "; run 'mvn -pl devkit generate-resources' to download it, or set " + HOME_PROPERTY);
        }
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            untar(archive, staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            // Losing the rename race to another JVM is expected (Linux reports it as "directory not
            // empty", not as FileAlreadyExists); its tree is complete by construction, so use it.
            if (hasRunner(target)) {
                return target;
            }
            throw new UncheckedIOException("cannot unpack " + archive + " into " + target, e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void untar(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path out = into.resolve(entry.getName()).normalize();
                // A crafted entry such as ../../.bashrc must not escape the staging directory.
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
                // Links and devices are skipped: the bundle is plain jars.
            }
        }
    }

    private static Path mavenRepository(Properties buildInfo) {
        String repo = usable(buildInfo.getProperty("maven.local.repository"));
        return repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Null for missing values and for unfiltered placeholders (an IDE build skips resource filtering). */
    private static String usable(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value;
    }

    private static boolean hasRunner(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isDirectory(dir.resolve("lib"))) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(ApicurioDistribution::isRunner);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRunner(Path file) {
        return file.getFileName().toString().endsWith("-runner.jar") && Files.isRegularFile(file);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover staging directory wastes disk space but never breaks a later lookup.
        }
    }
}

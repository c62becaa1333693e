package io.herald.devkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** Formats and removes the embedded broker's storage directory. */
final class LogDirs {

    private LogDirs() {
    }

    /**
     * Formats {@code dir} for the single KRaft node unless it already is, and returns the cluster id.
     *
     * <p>The id is read back from {@code meta.properties} when the directory was formatted before:
     * a KRaft node refuses to start on data written under another cluster id, so a restart must
     * keep the old one.
     */
    static String format(Path dir) {
        try {
            Files.createDirectories(dir);
            String path = dir.toString();
            String clusterId = new MetaPropertiesEnsemble.Loader()
                    .addLogDirs(List.of(path))
                    .addMetadataLogDir(path)
                    .load()
                    .clusterId()
                    .orElseGet(() -> Uuid.randomUuid().toString());
            new Formatter()
                    // The formatter narrates to stdout; tests have no use for that.
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(path))
                    .setMetadataLogDirectory(path)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setIgnoreFormatted(true)
                    .run();
            return clusterId;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create Kafka log dir " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + dir, e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing directory is not an error. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

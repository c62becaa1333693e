package io.herald.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories the local stack and the benchmark create for their broker, state stores and files. */
public final class WorkDirs {
    private WorkDirs() {
    }

    /** Deletes {@code dir} and everything below it; a missing directory is not an error. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}

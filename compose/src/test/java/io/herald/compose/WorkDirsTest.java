package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {
    @TempDir
    Path tmp;

    @Test
    void deletesADirectoryWithEverythingBelowIt() throws Exception {
        Path dir = tmp.resolve("bench");
        Files.createDirectories(dir.resolve("kafka/__consumer_offsets-0"));
        Files.writeString(dir.resolve("kafka/__consumer_offsets-0/00000000000000000000.log"), "records");
        Files.writeString(dir.resolve("state.txt"), "x");

        WorkDirs.delete(dir);

        assertThat(dir).doesNotExist();
        assertThat(tmp).exists();
    }

    @Test
    void aMissingDirectoryIsNotAnError() throws Exception {
        WorkDirs.delete(tmp.resolve("never-created"));
        assertThat(tmp.resolve("never-created")).doesNotExist();
    }
}

package io.herald.analytics.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code herald analytics export --from --to --out F}: the outcomes of a time range as a Parquet file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the outcomes of a time range to a Parquet file (through the API; needs an admin key).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--from", required = true, description = "Start, ISO-8601 (inclusive).")
    Instant from;

    @Option(names = "--to", required = true, description = "End, ISO-8601 (exclusive).")
    Instant to;

    @Option(names = "--out", required = true, description = "The Parquet file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        return Run.guarded(spec, () -> {
            if (target.db != null) throw new Target.Failure(400, "export runs through the API; drop --db and pass --url");
            byte[] parquet = target.get("/v1/analytics/export.parquet?from=" + from + "&to=" + to, null).body();
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, parquet);
            spec.commandLine().getOut().println("wrote " + parquet.length + " bytes of outcomes from " + from + " to " + to + " to " + out);
        });
    }
}

package io.herald.compose;

import io.herald.compose.cli.Herald;
import java.util.ArrayList;
import java.util.List;

/** {@code ./bin/herald-local}, kept for existing scripts: the same as {@code herald up}. */
public final class HeraldLocal {
    private HeraldLocal() {
    }

    public static void main(String[] args) {
        List<String> up = new ArrayList<>(List.of("up"));
        up.addAll(List.of(args));
        System.exit(Herald.commandLine().execute(up.toArray(String[]::new)));
    }
}

package io.herald.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of a Dockerfile reader to check the image's paths and command line against the tarball. */
record Dockerfile(List<String[]> instructions) {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Dockerfile read(Path file) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) continue;
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String whole = pending.append(trimmed).toString();
            pending.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            instructions.add(new String[]{parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
        }
        return new Dockerfile(instructions);
    }

    /** The arguments of the first instruction named {@code name}, split on white space. */
    List<String> instruction(String name) {
        return instructions.stream().filter(i -> i[0].equals(name)).findFirst()
                .map(i -> Arrays.asList(i[1].split("\\s+")))
                .orElseThrow(() -> new AssertionError("no " + name + " in the Dockerfile"));
    }

    /** The JSON array of the last {@code name} instruction (the one Docker uses). */
    List<String> execForm(String name) {
        String array = instructions.stream().filter(i -> i[0].equals(name)).reduce((a, b) -> b)
                .map(i -> i[1]).orElseThrow(() -> new AssertionError("no " + name + " in the Dockerfile"));
        if (!array.startsWith("[")) throw new AssertionError(name + " is not in exec form: " + array);
        List<String> values = new ArrayList<>();
        Matcher m = QUOTED.matcher(array);
        while (m.find()) values.add(m.group(1));
        return values;
    }

    String argDefault(String arg) {
        return instructions.stream().filter(i -> i[0].equals("ARG") && i[1].startsWith(arg + "="))
                .findFirst().map(i -> i[1].substring(arg.length() + 1))
                .orElseThrow(() -> new AssertionError("no ARG " + arg + "=… in the Dockerfile"));
    }

    /** Replaces {@code ${HERALD_VERSION}} by the ARG's default, as a build without --build-arg does. */
    String substitute(String text) {
        return text.replace("${HERALD_VERSION}", argDefault("HERALD_VERSION"));
    }
}

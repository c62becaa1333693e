package io.herald.replay.cli;

import java.time.Duration;
import java.util.Locale;

/** Renders one line of replay progress: bar, percentage, counts, rate and ETA. Pure, so tests pin the format. */
public final class ProgressBar {
    private ProgressBar() {
    }

    /** e.g. {@code [##########----------]  50% 5000/10000  498.2/s  ETA 0:10}. */
    public static String render(long done, long total, double ratePerSecond, Duration eta, int width) {
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%3d%% %d/%d  %.1f/s  ETA %s", (int) Math.floor(fraction * 100), done, total,
                ratePerSecond, eta == null ? "--:--" : clock(eta));
    }

    /** The time left at {@code ratePerSecond}, or null when unknown. */
    public static Duration eta(long done, long total, double ratePerSecond) {
        if (done >= total) return Duration.ZERO;
        if (!(ratePerSecond > 0)) return null;
        return Duration.ofMillis((long) ((total - done) / ratePerSecond * 1000));
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package io.herald.analytics.cli;

import io.herald.analytics.report.AdHocSql;
import io.herald.analytics.report.QueryRunner;
import io.herald.runtime.config.ConfigException;
import java.net.ConnectException;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a subcommand's body, turning failures into a message on the error writer and an exit code. */
final class Run {
    interface Body {
        void run() throws Exception;
    }

    private Run() {
    }

    static int guarded(CommandSpec spec, Body body) {
        try {
            body.run();
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Target.Failure e) {
            spec.commandLine().getErr().println("refused (" + e.status + "): " + e.getMessage());
            return e.status >= 500 || e.status == 0 ? 1 : 2;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        } catch (AdHocSql.RefusedException | QueryRunner.TimeoutException e) {
            spec.commandLine().getErr().println("refused: " + e.getMessage());
            return 2;
        } catch (ConnectException e) {
            spec.commandLine().getErr().println("cannot reach the analytics API: " + e.getMessage() + " (is it running? --url)");
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("failed: " + e.getMessage());
            return 1;
        }
    }
}

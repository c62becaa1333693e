package io.herald.compose.faults;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every fault test the one {@link FaultStack} of the fault JVM, started on first use and kept in the root
 * store: JUnit closes it (killing the service JVMs) after the last test class, whether tests failed or not. Starting
 * a stack per class would cost a minute each (two service JVMs, a registry), and the suite must stay under eight.
 */
public final class FaultStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FaultStack.class,
                key -> FaultStack.start(workDir()), FaultStack.class);
    }

    /** Inside the module's target dir (the build sets herald.devkit.workdir), so 'mvn clean' removes what a run left. */
    private static Path workDir() {
        String base = System.getProperty("herald.devkit.workdir", System.getProperty("java.io.tmpdir"));
        return Path.of(base, "faults-" + ProcessHandle.current().pid()).toAbsolutePath();
    }
}

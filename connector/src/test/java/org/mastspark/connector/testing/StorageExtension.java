package org.mastspark.connector.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real HDFS ({@link MiniHdfs}) and a real S3 ({@link MiniS3}) as parameters of test,
 * lifecycle or constructor methods. Each is started on first use and shared by every test class of the JVM
 * (starting them costs seconds), then closed when the JVM's tests end. Tests must not close them; they
 * should write under their own paths (e.g. their class name).
 *
 * <pre>{@code
 * @ExtendWith(StorageExtension.class)
 * class MyIT {
 *     @Test
 *     void writes(MiniHdfs hdfs, MiniS3 s3) { ... }
 * }
 * }</pre>
 */
public final class StorageExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StorageExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MiniHdfs.class || type == MiniS3.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getRoot().getStore(NS);
        if (type == MiniHdfs.class) {
            return store.getOrComputeIfAbsent(MiniHdfs.class, k -> started(MiniHdfs.start()), MiniHdfs.class);
        }
        return store.getOrComputeIfAbsent(MiniS3.class, k -> started(MiniS3.start()), MiniS3.class);
    }

    private static <T> T started(T service) {
        long ms = service instanceof MiniHdfs h ? h.startupMillis() : ((MiniS3) service).startupMillis();
        System.out.printf("StorageExtension: %s started in %d ms%n", service, ms);
        return service;
    }
}

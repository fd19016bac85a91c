package org.mastspark.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.ResultTable;

/**
 * The documented {@code MastEmulator} API ({@code builder().seed().scale().build()}, {@code baseUrl()},
 * {@code sky().query(service, params)}, {@code sky().product(uri)}, {@code close()}), bound by reflection
 * so the conformance driver compiles while the emulator is still being written on other branches. Until
 * {@code org.mastspark.emulator.MastEmulator} is on the classpath, {@link #start} returns empty and the
 * driver skips.
 */
final class EmulatorHandle implements AutoCloseable {
    static final String EMULATOR_CLASS = "org.mastspark.emulator.MastEmulator";

    private final Object emulator;
    private final Object sky;

    private EmulatorHandle(Object emulator) {
        this.emulator = emulator;
        this.sky = call(emulator, "sky");
    }

    static Optional<EmulatorHandle> start(long seed, double scale) {
        Class<?> type;
        try {
            type = Class.forName(EMULATOR_CLASS);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        Object builder = callOn(type, null, "builder");
        builder = call(builder, "seed", seed);
        builder = call(builder, "scale", scale);
        return Optional.of(new EmulatorHandle(call(builder, "build")));
    }

    String baseUrl() {
        return (String) call(emulator, "baseUrl");
    }

    @SuppressWarnings("unchecked")
    Optional<ResultTable> query(String service, JsonNode params) {
        return (Optional<ResultTable>) call(sky, "query", service, params);
    }

    @SuppressWarnings("unchecked")
    Optional<ProductFile> product(String dataUri) {
        return (Optional<ProductFile>) call(sky, "product", dataUri);
    }

    @Override
    public void close() {
        call(emulator, "close");
    }

    private static Object call(Object target, String name, Object... args) {
        return callOn(target.getClass(), target, name, args);
    }

    private static Object callOn(Class<?> type, Object target, String name, Object... args) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m, args)) {
                try {
                    return m.invoke(target, args);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(name + " failed", cause);
                }
            }
        }
        throw new IllegalStateException("emulator API changed: no public " + type.getName() + "." + name + " for "
                + java.util.Arrays.toString(args));
    }

    private static boolean accepts(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            Class<?> t = types[i];
            Object a = args[i];
            boolean ok = t.isInstance(a)
                    || (t == long.class && a instanceof Long)
                    || (t == double.class && a instanceof Double)
                    || (t == int.class && a instanceof Integer);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

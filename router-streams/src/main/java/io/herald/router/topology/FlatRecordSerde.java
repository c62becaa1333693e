package io.herald.router.topology;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A compact binary serde for the router's small flat internal records (issue 13): {@link ProviderSignal} on the
 * {@code health-signals} topic, and the health stores' {@code ProviderTracker} and {@code Attribution}, written once
 * per worker outcome each. Reads the JSON earlier routers wrote (records still on the topic, values in the stores
 * and their changelogs), so an upgrade needs nothing.
 *
 * <p>Form: byte 0 (never the first byte of a JSON text), the number of fields written, then each record component in
 * declaration order: {@code long}/{@code int}/{@code boolean}/{@code double} as such; strings (UTF-8, int length, -1
 * for null), enums (by name, as a string) and boxed numbers with a presence marker. Fields are matched by position:
 * a record may gain fields at its end (a value written before reads them as null, 0 or false, as JSON would), never
 * reorder or drop them. Only those component types are accepted, checked when the serde is made. Writes JSON
 * instead when told to ({@link InternalEncoding}), for a rolling upgrade from an older router.
 */
final class FlatRecordSerde<T extends Record> extends BinaryOrJsonSerde<T> {
    private static final Set<Class<?>> SUPPORTED = Set.of(String.class, long.class, Long.class, int.class, Integer.class,
            boolean.class, Boolean.class, double.class, Double.class);

    private final Class<T> type;
    private final Class<?>[] types;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    /** @param writeJson write JSON as older routers did (reads both either way; {@link InternalEncoding}) */
    FlatRecordSerde(Class<T> type, boolean writeJson) {
        super(type, writeJson);
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) throw new IllegalArgumentException(type.getName() + " is not a record");
        if (components.length > 127) throw new IllegalArgumentException(type.getName() + " has too many fields");
        types = new Class<?>[components.length];
        accessors = new MethodHandle[components.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < components.length; i++) {
                Class<?> t = components[i].getType();
                if (!SUPPORTED.contains(t) && !t.isEnum()) {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName()
                            + ": unsupported field type " + t.getName());
                }
                types[i] = t;
                accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
            }
            MethodHandle canonical = lookup.unreflectConstructor(type.getDeclaredConstructor(types));
            constructor = canonical.asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read the fields of " + type.getName(), e);
        }
    }

    @Override
    byte[] encode(T value) {
        Object[] fields = new Object[types.length];
        int size = 2;
        for (int i = 0; i < types.length; i++) {
            fields[i] = field(i, value);
            if (fields[i] instanceof Enum<?> e) fields[i] = e.name();
            if (fields[i] instanceof String s) fields[i] = s.getBytes(StandardCharsets.UTF_8);
            size += 9 + (fields[i] instanceof byte[] b ? b.length : 0);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put((byte) types.length);
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            Object f = fields[i];
            if (t == long.class) {
                out.putLong((Long) f);
            } else if (t == int.class) {
                out.putInt((Integer) f);
            } else if (t == boolean.class) {
                out.put((byte) ((Boolean) f ? 1 : 0));
            } else if (t == double.class) {
                out.putDouble((Double) f);
            } else if (t == String.class || t.isEnum()) {
                byte[] utf8 = (byte[]) f;
                out.putInt(utf8 == null ? -1 : utf8.length);
                if (utf8 != null) out.put(utf8);
            } else {
                out.put((byte) (f == null ? 0 : 1));
                if (f instanceof Long l) out.putLong(l);
                else if (f instanceof Integer n) out.putInt(n);
                else if (f instanceof Boolean b) out.put((byte) (b ? 1 : 0));
                else if (f instanceof Double d) out.putDouble(d);
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    T decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get(); // MAGIC
        int written = in.get();
        if (written < 0 || written > types.length) {
            throw new IllegalArgumentException(written + " fields written, " + type.getSimpleName() + " has " + types.length);
        }
        Object[] fields = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (i >= written) {
                fields[i] = missing(t);
            } else if (t == long.class) {
                fields[i] = in.getLong();
            } else if (t == int.class) {
                fields[i] = in.getInt();
            } else if (t == boolean.class) {
                fields[i] = in.get() != 0;
            } else if (t == double.class) {
                fields[i] = in.getDouble();
            } else if (t == String.class || t.isEnum()) {
                int length = in.getInt();
                if (length > in.remaining()) throw new IllegalArgumentException("string of " + length + " bytes past the end");
                String s = null;
                if (length >= 0) {
                    s = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
                    in.position(in.position() + length);
                }
                fields[i] = s == null || t == String.class ? s : Enum.valueOf((Class<? extends Enum>) t, s);
            } else if (in.get() == 0) {
                fields[i] = null;
            } else {
                fields[i] = t == Long.class ? in.getLong() : t == Integer.class ? in.getInt()
                        : t == Boolean.class ? (Object) (in.get() != 0) : in.getDouble();
            }
        }
        if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the last field");
        try {
            return (T) constructor.invoke(fields);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object field(int i, T value) {
        try {
            return accessors[i].invoke(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a field added after a value was written reads as: what JSON gives a missing property. */
    private static Object missing(Class<?> t) {
        if (t == long.class) return 0L;
        if (t == int.class) return 0;
        if (t == boolean.class) return false;
        if (t == double.class) return 0.0;
        return null;
    }
}

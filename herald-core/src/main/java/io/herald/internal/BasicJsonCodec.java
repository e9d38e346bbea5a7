package io.herald.internal;

import io.herald.JsonCodec;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The codec used when {@code herald-jackson} is not on the class path: maps, lists, arrays, strings,
 * numbers, booleans, enums, records and simple beans (public getters / fields). Property names are
 * written as declared (camelCase for Java code), nulls left out; reads match names case-insensitively.
 */
public final class BasicJsonCodec implements JsonCodec {

    public static final BasicJsonCodec INSTANCE = new BasicJsonCodec();

    private BasicJsonCodec() {
    }

    @Override
    public String encode(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("Object graph nested too deeply (cycle?)");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            Json.quote(sb, v.toString());
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())
                || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            sb.append("null");
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o, depth + 1);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, Array.get(v, i), depth + 1);
            }
            sb.append(']');
        } else {
            write(sb, properties(v), depth + 1);
        }
    }

    private static Map<String, Object> properties(Object v) {
        Class<?> type = v.getClass();
        Map<String, Object> props = new LinkedHashMap<>();
        try {
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    Method m = rc.getAccessor();
                    m.setAccessible(true);
                    props.put(rc.getName(), m.invoke(v));
                }
                return props;
            }
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    props.put(f.getName(), f.get(v));
                }
            }
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                        || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                String n = m.getName();
                String prop = null;
                if (n.startsWith("get") && n.length() > 3) {
                    prop = n.substring(3);
                } else if (n.startsWith("is") && n.length() > 2
                        && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
                    prop = n.substring(2);
                }
                if (prop != null) {
                    props.putIfAbsent(Character.toLowerCase(prop.charAt(0)) + prop.substring(1), m.invoke(v));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot serialise " + type.getName() + ": " + e
                    + " (add herald-jackson for full JSON support)", e);
        }
        return props;
    }

    @Override
    public <T> T decode(String json, Class<T> type) {
        return convert(Json.parse(json), type);
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(Object v, Class<T> type) {
        if (v == null) {
            return type.isPrimitive() ? (T) defaultOf(type) : null;
        }
        if (type == Object.class || type.isInstance(v) && !(v instanceof Map && !Map.class.isAssignableFrom(type))) {
            return (T) v;
        }
        if (type == String.class) {
            return (T) (v instanceof String s ? s : String.valueOf(v));
        }
        if (type == long.class || type == Long.class) {
            return (T) Long.valueOf(number(v).longValue());
        }
        if (type == int.class || type == Integer.class) {
            return (T) Integer.valueOf(number(v).intValue());
        }
        if (type == double.class || type == Double.class) {
            return (T) Double.valueOf(number(v).doubleValue());
        }
        if (type == boolean.class || type == Boolean.class) {
            return (T) (v instanceof Boolean b ? b : Boolean.valueOf(String.valueOf(v)));
        }
        if (type.isArray() && v instanceof List<?> list) {
            Object arr = Array.newInstance(type.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(arr, i, convert(list.get(i), type.getComponentType()));
            }
            return (T) arr;
        }
        if (type.isArray() && v instanceof String s) { // ServiceStack accepts "a,b" for string[]
            return convert(List.of((Object[]) s.split(",")), type);
        }
        if (v instanceof Map<?, ?> map) {
            return fromMap((Map<String, Object>) map, type);
        }
        throw new IllegalArgumentException("Cannot read " + v.getClass().getSimpleName() + " as " + type.getSimpleName());
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        try {
            return Double.valueOf(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a number, got '" + v + "'");
        }
    }

    private static Object defaultOf(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return 0.0;
    }

    private <T> T fromMap(Map<String, Object> map, Class<T> type) {
        Map<String, Object> lower = new LinkedHashMap<>();
        map.forEach((k, val) -> lower.put(k.toLowerCase(Locale.ROOT), val));
        try {
            if (type.isRecord()) {
                RecordComponent[] rcs = type.getRecordComponents();
                Class<?>[] types = new Class<?>[rcs.length];
                Object[] args = new Object[rcs.length];
                for (int i = 0; i < rcs.length; i++) {
                    types[i] = rcs[i].getType();
                    args[i] = convert(lower.get(rcs[i].getName().toLowerCase(Locale.ROOT)), types[i]);
                }
                Constructor<T> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return c.newInstance(args);
            }
            Constructor<T> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            T obj = c.newInstance();
            for (Method m : type.getMethods()) {
                if (m.getName().startsWith("set") && m.getParameterCount() == 1) {
                    String key = m.getName().substring(3).toLowerCase(Locale.ROOT);
                    if (lower.containsKey(key)) {
                        m.invoke(obj, convert(lower.get(key), m.getParameterTypes()[0]));
                    }
                }
            }
            for (Field f : type.getFields()) {
                String key = f.getName().toLowerCase(Locale.ROOT);
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()) && lower.containsKey(key)) {
                    f.set(obj, convert(lower.get(key), f.getType()));
                }
            }
            return obj;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot create " + type.getName() + " from JSON: " + e, e);
        }
    }
}

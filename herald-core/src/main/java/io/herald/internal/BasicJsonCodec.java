package io.herald.internal;

import io.herald.JsonCodec;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The codec used when {@code herald-jackson} is not on the class path: maps, lists, arrays, strings,
 * numbers, booleans, enums, records and simple beans (public getters / fields). Property names are
 * written as declared (camelCase for Java code), nulls left out; reads match names case-insensitively,
 * accept {@code "5"} for numbers, {@code ""} as "not given", and {@code "a,b"} for string lists and arrays.
 * A value of the wrong shape is an {@link IllegalArgumentException} naming the field in plain words
 * ({@code 'take' must be a whole number, got 'abc'}), never a Java type.
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
    @SuppressWarnings("unchecked")
    public <T> T decode(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("JSON text is missing");
        }
        return (T) convert(Json.parse(json), type, type, "");
    }

    /** Reads a parsed value as {@code generic}; errors name {@code path} and never a Java type. */
    private Object convert(Object v, Class<?> type, Type generic, String path) {
        if (v == null) {
            return type.isPrimitive() ? defaultOf(type) : null;
        }
        if (type == Object.class) {
            return v;
        }
        if (type == String.class || type == CharSequence.class) {
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                throw mismatch(path, generic, v);
            }
            return String.valueOf(v);
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return wholeNumber(v, type, generic, path);
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            Double d = v instanceof String s && s.isBlank() ? null : number(v, generic, path);
            if (d == null) {
                return type.isPrimitive() ? defaultOf(type) : null;
            }
            return type == float.class || type == Float.class ? (Object) d.floatValue() : (Object) d;
        }
        if (type == boolean.class || type == Boolean.class) {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(s);
            }
            if (v instanceof String s && s.isEmpty()) { // a form's untouched field
                return type.isPrimitive() ? Boolean.FALSE : null;
            }
            throw mismatch(path, generic, v);
        }
        if (type.isEnum()) {
            if (v instanceof String s) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(s)) {
                        return constant;
                    }
                }
            }
            throw mismatch(path, generic, v);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return list(v, type, generic, path);
        }
        if (Map.class.isAssignableFrom(type)) {
            if (!(v instanceof Map<?, ?> map)) {
                throw mismatch(path, generic, v);
            }
            Type valueType = typeArgument(generic, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, val) -> out.put(String.valueOf(k),
                    convert(val, rawClass(valueType), valueType, JsonErrors.child(path, String.valueOf(k)))));
            return out;
        }
        if (v instanceof Map<?, ?> map && !type.isPrimitive() && !type.getName().startsWith("java.")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return fromMap(object, type, path);
        }
        if (type.isInstance(v)) {
            return v;
        }
        throw mismatch(path, generic, v);
    }

    private Object wholeNumber(Object v, Class<?> type, Type generic, String path) {
        if (v instanceof String s && s.isBlank()) {
            return type.isPrimitive() ? defaultOf(type) : null;
        }
        long n;
        if (v instanceof Long l) {
            n = l;
        } else {
            Double d = number(v, generic, path);
            if (d.isNaN() || d.isInfinite() || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
                throw mismatch(path, generic, v);
            }
            n = d.longValue();
        }
        long min = type == int.class || type == Integer.class ? Integer.MIN_VALUE
                : type == short.class || type == Short.class ? Short.MIN_VALUE
                : type == byte.class || type == Byte.class ? Byte.MIN_VALUE : Long.MIN_VALUE;
        long max = -(min + 1);
        if (n < min || n > max) {
            throw new IllegalArgumentException((path.isEmpty() ? "the value" : "'" + path + "'")
                    + " must be a whole number from " + min + " to " + max + ", got " + JsonErrors.kindOf(v));
        }
        if (type == long.class || type == Long.class) {
            return n;
        }
        if (type == int.class || type == Integer.class) {
            return (int) n;
        }
        return type == short.class || type == Short.class ? (Object) (short) n : (Object) (byte) n;
    }

    private static Double number(Object v, Type generic, String path) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s.strip());
            } catch (NumberFormatException e) {
                throw mismatch(path, generic, v);
            }
        }
        throw mismatch(path, generic, v);
    }

    /** A JSON list, or ServiceStack's comma-separated string, as an array, list or set. */
    private Object list(Object v, Class<?> type, Type generic, String path) {
        List<?> items;
        if (v instanceof List<?> list) {
            items = list;
        } else if (v instanceof String s) {
            items = s.isEmpty() ? List.of() : List.of((Object[]) s.split(",", -1));
        } else {
            throw mismatch(path, generic, v);
        }
        Class<?> elementClass;
        Type elementType;
        if (type.isArray()) {
            elementClass = type.getComponentType();
            elementType = elementClass;
        } else {
            elementType = typeArgument(generic, 0);
            elementClass = rawClass(elementType);
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(convert(items.get(i), elementClass, elementType, JsonErrors.element(path, i)));
        }
        if (type.isArray()) {
            Object arr = Array.newInstance(elementClass, out.size());
            for (int i = 0; i < out.size(); i++) {
                Array.set(arr, i, out.get(i));
            }
            return arr;
        }
        return Set.class.isAssignableFrom(type) ? new LinkedHashSet<>(out) : out;
    }

    private static Type typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static IllegalArgumentException mismatch(String path, Type expected, Object got) {
        return new IllegalArgumentException(JsonErrors.mismatch(path, JsonErrors.expected(expected), JsonErrors.kindOf(got)));
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
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == char.class) {
            return '\0';
        }
        return 0.0;
    }

    private Object fromMap(Map<String, Object> map, Class<?> type, String path) {
        Map<String, Object> lower = new LinkedHashMap<>();
        map.forEach((k, val) -> lower.put(k.toLowerCase(Locale.ROOT), val));
        try {
            if (type.isRecord()) {
                RecordComponent[] rcs = type.getRecordComponents();
                Class<?>[] types = new Class<?>[rcs.length];
                Object[] args = new Object[rcs.length];
                for (int i = 0; i < rcs.length; i++) {
                    types[i] = rcs[i].getType();
                    args[i] = convert(lower.get(rcs[i].getName().toLowerCase(Locale.ROOT)), types[i],
                            rcs[i].getGenericType(), JsonErrors.child(path, rcs[i].getName()));
                }
                Constructor<?> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return c.newInstance(args);
            }
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            Object obj = c.newInstance();
            for (Method m : type.getMethods()) {
                if (m.getName().startsWith("set") && m.getParameterCount() == 1) {
                    String name = m.getName().substring(3);
                    String key = name.toLowerCase(Locale.ROOT);
                    if (lower.containsKey(key)) {
                        m.invoke(obj, convert(lower.get(key), m.getParameterTypes()[0],
                                m.getGenericParameterTypes()[0], JsonErrors.child(path, decapitalize(name))));
                    }
                }
            }
            for (Field f : type.getFields()) {
                String key = f.getName().toLowerCase(Locale.ROOT);
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()) && lower.containsKey(key)) {
                    f.set(obj, convert(lower.get(key), f.getType(), f.getGenericType(), JsonErrors.child(path, f.getName())));
                }
            }
            return obj;
        } catch (InvocationTargetException e) {
            // the type's own constructor or setter refused a value: its IllegalArgumentException is meant for the caller
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException refused && refused.getMessage() != null) {
                throw new IllegalArgumentException(refused.getMessage(), refused);
            }
            throw new IllegalArgumentException((path.isEmpty() ? "the request" : "'" + path + "'")
                    + " has a missing or invalid value", cause);
        } catch (ReflectiveOperationException e) {
            // a type without a usable constructor is a programming error, not a bad request
            throw new IllegalStateException("Cannot create " + type.getName() + " from JSON: " + e, e);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}

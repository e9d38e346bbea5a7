package io.herald.internal;

import io.herald.Selectors;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain-words messages for JSON that does not fit the type it is read into, shared by the built-in codec,
 * {@code herald-jackson} (Jackson 2) and the Spring Boot starter (Jackson 3): they name the field (a path
 * such as {@code customType.id} or {@code channels[2]}) and describe types the way a caller of an HTTP API
 * thinks of them ("a string", "a whole number", "a list"), never as Java class names. Values from the
 * request are quoted, cut to 40 characters and have control characters shown as {@code \\uXXXX}, so a
 * message is safe in a reason phrase or a log line.
 */
public final class JsonErrors {

    private static final int MAX_SHOWN = 40;

    private JsonErrors() {
    }

    /**
     * {@code 'take' must be a whole number, got 'abc'}, or for the top level
     * {@code expected a JSON object, got a list}.
     *
     * @param path     the field path, "" for the whole document
     * @param expected what was wanted (from {@link #expected(Type)})
     * @param got      what was found (from {@link #kindOf(Object)} or {@link #shown(Object)})
     */
    public static String mismatch(String path, String expected, String got) {
        String head = path.isEmpty() ? "expected " + expected : "'" + path + "' must be " + expected;
        return got == null ? head : head + ", got " + got;
    }

    /**
     * {@code 'take' must be a whole number from -2147483648 to 2147483647} for a number too large for its
     * field, or {@code a number is out of range} at the top level of a type without bounds to name.
     */
    public static String outOfRange(String path, Class<?> target) {
        String what = path.isEmpty() ? "a number" : "'" + path + "'";
        if (target == int.class || target == Integer.class) {
            return what + " must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == long.class || target == Long.class) {
            return what + " must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return what + " is out of range";
    }

    /** {@code customType} + {@code id} = {@code customType.id}; names are shown safely. */
    public static String child(String path, String field) {
        String name = shortened(field);
        return path.isEmpty() ? name : path + "." + name;
    }

    /** {@code channels} + 2 = {@code channels[2]}. */
    public static String element(String path, int index) {
        return (path.isEmpty() ? "" : path) + "[" + index + "]";
    }

    /** How a JSON value of a Java type is described: "a string", "a whole number", "a list", ... */
    public static String expected(Type type) {
        Class<?> c = type instanceof Class<?> k ? k
                : type instanceof java.lang.reflect.ParameterizedType p && p.getRawType() instanceof Class<?> raw ? raw
                : Object.class;
        if (c == String.class || c == char.class || c == Character.class || CharSequence.class.isAssignableFrom(c)) {
            return "a string";
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
                || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
            return "a whole number";
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class
                || Number.class.isAssignableFrom(c)) {
            return "a number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "true or false";
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            String names = Arrays.stream(constants).limit(10).map(String::valueOf).collect(Collectors.joining(", "));
            return "one of " + names + (constants.length > 10 ? ", ..." : "");
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return "a list";
        }
        if (c == Object.class) {
            return "a JSON value";
        }
        return "a JSON object";
    }

    /**
     * What a parsed JSON value is, for "got ...": a string is shown quoted (cut and made printable), a
     * number or boolean as it is, the rest by kind ("a list", "an object", "null").
     */
    public static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return shortened(String.valueOf(value));
        }
        return shown(value);
    }

    /** A request value as it may appear in a message: quoted, at most 40 characters, control characters escaped. */
    public static String shown(Object value) {
        return "'" + shortened(String.valueOf(value)) + "'";
    }

    private static String shortened(String text) {
        String cut = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return Selectors.printable(cut);
    }
}

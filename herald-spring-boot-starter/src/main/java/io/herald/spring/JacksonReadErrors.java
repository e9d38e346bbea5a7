package io.herald.spring;

import io.herald.Selectors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson 3's read failures in the words {@link io.herald.JsonCodec#decode} promises callers: the field as a
 * path ({@code customType.id}, {@code channels[2]}) and what it should have been ("a whole number", "a list"),
 * with the offending value quoted and cut short, never a Java type, a token name or a source excerpt.
 * Jackson's own text stays in the cause, for logs.
 */
final class JacksonReadErrors {

    private static final int SHOWN = 40;

    private JacksonReadErrors() {
    }

    /**
     * {@link IllegalArgumentException} for input that does not fit; {@link IllegalStateException} when the target
     * type cannot be read from JSON at all (a programming error, which transports answer with 500).
     */
    static RuntimeException translate(JacksonException e, ObjectMapper mapper, String json) {
        if (e instanceof InvalidDefinitionException) {
            return new IllegalStateException("The type cannot be read from JSON: " + e.getOriginalMessage(), e);
        }
        return new IllegalArgumentException(describe(e, mapper, json), e);
    }

    private static String describe(JacksonException e, ObjectMapper mapper, String json) {
        String path = path(e.getPath());
        Throwable cause = e.getCause();
        if (e instanceof StreamConstraintsException || cause instanceof StreamConstraintsException) {
            return "JSON nested too deeply or too large";
        }
        InputCoercionException coercion = e instanceof InputCoercionException c ? c
                : cause instanceof InputCoercionException c2 ? c2 : null;
        if (coercion != null) {
            return outOfRange(path, coercion.getTargetType());
        }
        if (e instanceof StreamReadException read) {
            return syntax(read);
        }
        if (cause instanceof StreamReadException read) {
            return syntax(read);
        }
        if (e instanceof InvalidFormatException format) {
            return mismatch(path, expected(format.getTargetType()), kindOf(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getTargetType() == null) {
                return path.isEmpty() ? "JSON value has the wrong shape" : "'" + path + "' has the wrong shape";
            }
            return mismatch(path, expected(mismatch.getTargetType()), found(mapper, json, e.getPath()));
        }
        if (e instanceof ValueInstantiationException) {
            // the type's own check refused a value: its message is written for the caller
            for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                    return t.getMessage();
                }
            }
            return (path.isEmpty() ? "the request" : "'" + path + "'") + " has a missing or invalid value";
        }
        return path.isEmpty() ? "JSON value has the wrong shape" : "'" + path + "' has an invalid value";
    }

    private static String mismatch(String path, String expected, String got) {
        String head = path.isEmpty() ? "expected " + expected : "'" + path + "' must be " + expected;
        return got == null ? head : head + ", got " + got;
    }

    /** How a value of this Java type looks to a caller of an HTTP API. */
    static String expected(Class<?> c) {
        if (c == null || c == Object.class) {
            return "a JSON value";
        }
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
            List<String> names = java.util.Arrays.stream(c.getEnumConstants()).map(String::valueOf).limit(10).toList();
            return "one of " + String.join(", ", names) + (c.getEnumConstants().length > 10 ? ", ..." : "");
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return "a list";
        }
        return "a JSON object";
    }

    /** A parsed value for "got ...": strings quoted and cut short, numbers and booleans as they are. */
    static String kindOf(Object value) {
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
            return cut(String.valueOf(value));
        }
        return "'" + cut(String.valueOf(value)) + "'";
    }

    /** What the document holds at the failing path, read again from the text (only on errors); null if unknown. */
    private static String found(ObjectMapper mapper, String json, List<JacksonException.Reference> path) {
        JsonNode node;
        try {
            node = json.isBlank() ? null : mapper.readTree(json);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        for (JacksonException.Reference r : path) {
            node = r.getPropertyName() != null ? field(node, r.getPropertyName())
                    : r.getIndex() >= 0 ? node.get(r.getIndex()) : null;
            if (node == null) {
                return null;
            }
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isNumber()) {
            return kindOf(node.numberValue());
        }
        if (node.isBoolean()) {
            return kindOf(node.booleanValue());
        }
        return kindOf(node.asString());
    }

    /** Names match ignoring case, as the codec reads them. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String outOfRange(String path, Class<?> target) {
        String what = path.isEmpty() ? "a number" : "'" + path + "'";
        if (target == int.class || target == Integer.class) {
            return what + " must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == long.class || target == Long.class) {
            return what + " must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return what + " is out of range";
    }

    private static String syntax(StreamReadException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return e instanceof UnexpectedEndOfInputException ? "Invalid JSON" + where + ": unexpected end of input"
                : "Invalid JSON" + where;
    }

    /** {@code customType.id}, {@code channels[2]}; "" for the whole document. */
    private static String path(List<JacksonException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(cut(r.getPropertyName()));
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** At most 40 characters, control characters shown as escapes: safe in a reason phrase or a log line. */
    private static String cut(String text) {
        return Selectors.printable(text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text);
    }
}

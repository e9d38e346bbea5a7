package io.herald.spring;

import io.herald.internal.JsonErrors;
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
            return JsonErrors.outOfRange(path, coercion.getTargetType());
        }
        if (e instanceof StreamReadException read) {
            return syntax(read);
        }
        if (cause instanceof StreamReadException read) {
            return syntax(read);
        }
        if (e instanceof InvalidFormatException format) {
            return JsonErrors.mismatch(path, JsonErrors.expected(format.getTargetType()), JsonErrors.kindOf(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getTargetType() == null) {
                return path.isEmpty() ? "JSON value has the wrong shape" : "'" + path + "' has the wrong shape";
            }
            return JsonErrors.mismatch(path, JsonErrors.expected(mismatch.getTargetType()), found(mapper, json, e.getPath()));
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
            return JsonErrors.kindOf(node.numberValue());
        }
        if (node.isBoolean()) {
            return JsonErrors.kindOf(node.booleanValue());
        }
        return JsonErrors.kindOf(node.asString());
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

    private static String syntax(StreamReadException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return e instanceof UnexpectedEndOfInputException ? "Invalid JSON" + where + ": unexpected end of input"
                : "Invalid JSON" + where;
    }

    /** {@code customType.id}, {@code channels[2]}; "" for the whole document. */
    private static String path(List<JacksonException.Reference> references) {
        String path = "";
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                path = JsonErrors.child(path, r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path = JsonErrors.element(path, r.getIndex());
            }
        }
        return path;
    }
}

package io.herald.jackson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.herald.internal.JsonErrors;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Turns Jackson's read failures into the messages {@link io.herald.JsonCodec#decode} promises: the field
 * and the problem in plain words ({@code 'take' must be a whole number, got 'abc'}), never a Java type,
 * a token name or a source excerpt. Jackson's own text stays in the exception's cause for logs.
 */
final class JacksonErrors {

    private JacksonErrors() {
    }

    /**
     * The exception {@code decode} throws for {@code e}: {@link IllegalArgumentException} for input that
     * does not fit, {@link IllegalStateException} for a type Jackson cannot build at all (a programming
     * error, which the transport answers with 500 rather than blaming the caller).
     */
    static RuntimeException translate(JsonProcessingException e, ObjectMapper mapper, String json) {
        if (e instanceof InvalidDefinitionException) {
            return new IllegalStateException("The type cannot be read from JSON: " + e.getOriginalMessage(), e);
        }
        return new IllegalArgumentException(message(e, mapper, json), e);
    }

    private static String message(JsonProcessingException e, ObjectMapper mapper, String json) {
        if (e instanceof StreamConstraintsException) {
            return "JSON nested too deeply or too large";
        }
        if (e instanceof JsonMappingException mapping) {
            return mappingMessage(mapping, mapper, json);
        }
        if (e instanceof InputCoercionException coercion) {
            return JsonErrors.outOfRange("", coercion.getTargetType());
        }
        return syntaxMessage(e);
    }

    private static String mappingMessage(JsonMappingException e, ObjectMapper mapper, String json) {
        String path = path(e.getPath());
        Throwable cause = e.getCause();
        if (cause instanceof InputCoercionException coercion) {
            return JsonErrors.outOfRange(path, coercion.getTargetType());
        }
        if (cause instanceof StreamConstraintsException) {
            return "JSON nested too deeply or too large";
        }
        if (cause instanceof StreamReadException read) {
            return syntaxMessage(read);
        }
        if (e instanceof InvalidFormatException format) {
            return JsonErrors.mismatch(path, JsonErrors.expected(format.getTargetType()), JsonErrors.kindOf(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            Type target = mismatch.getTargetType();
            String got = found(mapper, json, e.getPath());
            if (target == null) {
                return path.isEmpty() ? "JSON value has the wrong shape" : "'" + path + "' has the wrong shape";
            }
            return JsonErrors.mismatch(path, JsonErrors.expected(target), got);
        }
        if (e instanceof ValueInstantiationException) {
            Throwable refused = cause;
            while (refused != null && !(refused instanceof IllegalArgumentException) && refused.getCause() != refused) {
                refused = refused.getCause();
            }
            // the type's own check refused a value: its message is written for the caller
            if (refused instanceof IllegalArgumentException && refused.getMessage() != null) {
                return refused.getMessage();
            }
            return (path.isEmpty() ? "the request" : "'" + path + "'") + " has a missing or invalid value";
        }
        return path.isEmpty() ? "JSON value has the wrong shape" : "'" + path + "' has an invalid value";
    }

    /**
     * What the document holds at the failing path: "a list", "an object", the value quoted, ... or null when
     * it cannot be told. Read again from the text because Jackson's parser is closed by now; only on errors.
     */
    private static String found(ObjectMapper mapper, String json, List<JsonMappingException.Reference> path) {
        JsonNode node;
        try {
            node = json.isBlank() ? null : mapper.readTree(json);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        for (JsonMappingException.Reference r : path) {
            node = r.getFieldName() != null ? field(node, r.getFieldName())
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
        if (node.isBoolean() || node.isNumber()) {
            return JsonErrors.kindOf(node.numberValue() != null ? node.numberValue() : node.booleanValue());
        }
        return JsonErrors.kindOf(node.asText());
    }

    /** Property names match ignoring case, as the codec reads them. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (var it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String syntaxMessage(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (e instanceof JsonEOFException) {
            return "Invalid JSON" + where + ": unexpected end of input";
        }
        return "Invalid JSON" + where;
    }

    /** {@code customType.id}, {@code channels[2]}; "" for the whole document. */
    private static String path(List<JsonMappingException.Reference> references) {
        String path = "";
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                path = JsonErrors.child(path, r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path = JsonErrors.element(path, r.getIndex());
            }
        }
        return path;
    }
}

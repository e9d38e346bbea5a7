package io.herald.jackson;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.herald.JsonCodec;
import java.util.Objects;

/**
 * A {@link JsonCodec} backed by Jackson 2, configured the way ServiceStack's clients expect.
 *
 * <p>Writing: compact single-line JSON, property names as declared in Java (camelCase), null properties
 * and null map values left out, default values ({@code 0}, {@code false}) kept, non-ASCII text written
 * as it is except the characters some parsers take for line ends (DEL, the C1 controls such as U+0085,
 * and U+2028/U+2029), which are written as {@code \\uXXXX} escapes; empty objects written as {@code {}}.
 *
 * <p>Reading: property names match case-insensitively (C# clients send PascalCase, TypeScript clients
 * camelCase), unknown properties are ignored, a string {@code "a,b"} is accepted for {@code String[]}
 * and string collections (ServiceStack's query and form binding), scalar strings such as {@code "5"} or
 * {@code "true"} convert to numbers and booleans, an empty string reads as the type's empty/default
 * value. Records are supported. Input that does not fit is an {@link IllegalArgumentException} whose
 * message names the field and the problem in plain words ({@code 'take' must be a whole number, got
 * 'abc'}, {@code Invalid JSON at line 1, column 9}), never a Java type or a Jackson token.
 *
 * <p>Registered as a {@link java.util.ServiceLoader} provider, so {@link JsonCodec#defaultCodec()}
 * returns it whenever {@code herald-jackson} is on the class path. Instances are thread-safe.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    /** A codec with Herald's settings (see the class comment). */
    public JacksonJsonCodec() {
        this(defaultMapper());
    }

    /**
     * A codec over a caller-configured mapper. The caller is responsible for settings that keep the
     * output on one line and compatible with ServiceStack clients; {@link #defaultMapper()} is a good
     * starting point.
     */
    public JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A new mapper with Herald's settings, for callers that want to add modules before wrapping it. */
    public static ObjectMapper defaultMapper() {
        JsonFactory factory = new JsonFactoryBuilder().characterEscapes(LineBreakEscapes.INSTANCE).build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .addModule(new SimpleModule("herald-comma-lists").setDeserializerModifier(new CommaSeparatedStrings()))
                .build();
        // Forms post "" for an untouched number field; read it as the default rather than failing.
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
        }
        return mapper;
    }

    /** The mapper this codec uses; do not reconfigure it while the codec is in use. */
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise "
                    + (value == null ? "null" : value.getClass().getName()) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(String json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (json == null) {
            throw new IllegalArgumentException("JSON text is null");
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            // Jackson's own text names Java types and tokens: callers get plain words, the cause keeps the detail
            throw JacksonErrors.translate(e, mapper, json);
        }
    }

    @Override
    public String toString() {
        return "JacksonJsonCodec";
    }
}

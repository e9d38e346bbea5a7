package io.herald.spring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.JsonCodec;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.type.LogicalType;

/**
 * A {@link JsonCodec} on the application's own Jackson 3 mapper (Spring Boot 4's {@code JsonMapper} bean), so
 * message bodies are written with the app's modules, serializers, naming and date settings, and no second
 * JSON library is needed.
 *
 * <p>What Herald requires is laid on top of a copy of that mapper (the app's bean is not changed): output on
 * one line (no indentation), null properties and null map values left out, and DEL, the C1 controls (U+0085
 * among them) and U+2028 / U+2029 written as {@code \\uXXXX}; reading matches property names and enum values
 * ignoring case (ServiceStack's C# clients send PascalCase), ignores unknown properties and reads an empty
 * string as a number's or boolean's empty value (HTML forms). A value that does not fit is an
 * {@link IllegalArgumentException} naming the field in plain words ({@code 'take' must be a whole number, got
 * 'abc'}), never a Java type.
 *
 * <p>Thread-safe.
 */
public final class Jackson3JsonCodec implements JsonCodec {

    /** Forms post "" for an untouched number or checkbox field: read it as the default rather than failing. */
    private static final Consumer<MutableCoercionConfig> EMPTY_STRING_IS_EMPTY =
            c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);

    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    /** A codec over a copy of {@code appMapper} with Herald's settings added (see the class comment). */
    public Jackson3JsonCodec(ObjectMapper appMapper) {
        Objects.requireNonNull(appMapper, "appMapper");
        this.mapper = appMapper.rebuild()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.INDENT_OUTPUT, SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.NON_NULL)
                        .withContentInclusion(JsonInclude.Include.NON_NULL))
                .withCoercionConfig(LogicalType.Integer, EMPTY_STRING_IS_EMPTY::accept)
                .withCoercionConfig(LogicalType.Float, EMPTY_STRING_IS_EMPTY::accept)
                .withCoercionConfig(LogicalType.Boolean, EMPTY_STRING_IS_EMPTY::accept)
                .build();
        this.writer = mapper.writer().with(LineEndEscapes.INSTANCE).without(SerializationFeature.INDENT_OUTPUT);
    }

    /** The mapper this codec reads and writes with (a copy of the app's, with Herald's settings). */
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public String encode(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: " + e.getOriginalMessage(), e);
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
        } catch (JacksonException e) {
            throw JacksonReadErrors.translate(e, mapper, json);
        }
    }

    @Override
    public String toString() {
        return "Jackson3JsonCodec";
    }
}

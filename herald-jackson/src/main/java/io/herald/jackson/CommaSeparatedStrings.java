package io.herald.jackson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.type.ArrayType;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;

/**
 * Lets {@code String[]} and string collections read a single string as a comma-separated list, as
 * ServiceStack does when it binds query strings and forms ({@code SubscribeChannels=a,b}).
 */
@SuppressWarnings("deprecation") // BeanDeserializerModifier is still the hook every 2.x line honours
final class CommaSeparatedStrings extends BeanDeserializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
            BeanDescription desc, JsonDeserializer<?> deserializer) {
        return type.getContentType().hasRawClass(String.class) ? new Splitting(deserializer) : deserializer;
    }

    @Override
    public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
            BeanDescription desc, JsonDeserializer<?> deserializer) {
        return type.getContentType().hasRawClass(String.class) ? new Splitting(deserializer) : deserializer;
    }

    /** Turns a string token into an array of its comma-separated parts, then lets the real deserializer run. */
    static final class Splitting extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;

        Splitting(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Splitting(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return super.deserialize(p, ctxt);
            }
            String text = p.getText();
            TokenBuffer tokens = ctxt.bufferForInputBuffering(p);
            tokens.writeStartArray();
            if (!text.isEmpty()) {
                for (String part : text.split(",", -1)) {
                    tokens.writeString(part);
                }
            }
            tokens.writeEndArray();
            try (JsonParser array = tokens.asParser(p.getCodec())) {
                array.nextToken();
                return _delegatee.deserialize(array, ctxt);
            }
        }
    }
}

package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.jackson.JacksonJsonCodec;

/** Binding with the default codec, Jackson. */
class JacksonBindingIT extends AbstractBindingIT {

    @Override
    JsonCodec codec() {
        return new JacksonJsonCodec();
    }

    @Override
    String truncatedJsonMessage() {
        return "Invalid JSON at line 1, column 9: unexpected end of input";
    }
}

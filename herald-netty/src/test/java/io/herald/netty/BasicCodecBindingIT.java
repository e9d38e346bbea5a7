package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.internal.BasicJsonCodec;

/** Binding with the built-in codec used when herald-jackson is not on the class path. */
class BasicCodecBindingIT extends AbstractBindingIT {

    @Override
    JsonCodec codec() {
        return BasicJsonCodec.INSTANCE;
    }

    @Override
    String truncatedJsonMessage() {
        return "Invalid JSON at position 8: unexpected end";
    }
}

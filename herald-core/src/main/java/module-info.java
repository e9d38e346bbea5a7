/**
 * Herald's core: the Server Events API ({@code io.herald}), the transport SPI ({@code io.herald.http}), the
 * back-end SPI ({@code io.herald.spi}) and the in-memory back-end ({@code io.herald.memory}). The hub, frames,
 * ids and JSON helpers ({@code io.herald.internal}) are not exported, except to Herald's own modules.
 */
module io.herald.core {
    requires transitive org.slf4j;

    exports io.herald;
    exports io.herald.http;
    exports io.herald.spi;
    exports io.herald.memory;
    exports io.herald.internal to io.herald.jackson, io.herald.redis, io.herald.spring, io.herald.tck;

    uses io.herald.JsonCodec;
}

/**
 * The back-end SPI: a {@link io.herald.spi.Broker} (one total order of events, history, control messages,
 * counters) and a {@link io.herald.spi.Registry} (who is subscribed). {@link io.herald.ServerEventsNode}
 * implements every rule of Server Events once over these two; {@code MemoryServerEvents} and
 * {@code RedisServerEvents} are nodes over the in-process and the Redis implementations. The contract suites
 * {@code io.herald.tck.BrokerContract} and {@code io.herald.tck.RegistryContract} check an implementation.
 */
package io.herald.spi;

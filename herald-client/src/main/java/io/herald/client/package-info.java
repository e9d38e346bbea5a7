/**
 * Herald's Java client for ServiceStack-compatible Server Events.
 *
 * <p>Entry points: {@link io.herald.client.ServerEventsClient} (a managed, self-healing stream with
 * callbacks, {@code cmd} handlers, named and global receivers, {@code trigger} listeners and an async
 * API), {@link io.herald.client.JsonServiceClient} (JSON calls sharing the stream's cookies) and
 * {@link io.herald.client.SseParser} (a standalone WHATWG event-stream parser). Messages arrive as
 * {@link io.herald.client.ServerEventMessage} and its typed system subclasses.
 *
 * <p>Dependencies: the JDK ({@code java.net.http}) and jackson-databind, nothing else. Logging goes
 * through {@link java.lang.System.Logger}.
 */
package io.herald.client;

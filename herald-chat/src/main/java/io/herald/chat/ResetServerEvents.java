package io.herald.chat;

/**
 * Request of {@code /reset-serverevents}: forgets every subscription (their next heartbeat gets 404 and
 * clients reconnect). Used by reconnect tests.
 */
public record ResetServerEvents() {
}

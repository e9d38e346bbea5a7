package io.herald.redis;

/**
 * A snapshot of a {@link RedisPubSubServer}'s counters, taken by {@link RedisPubSubServer#stats()}.
 * Counters only grow; they are not reset by stop or restart. Immutable.
 *
 * @param state               the state when the snapshot was taken
 * @param timesStarted        how many times the subscription reached {@code Started} (first start and every reconnect)
 * @param totalErrors         Redis-side failures: failed connects, dropped connections, heartbeat timeouts
 * @param consecutiveErrors   failures since the last successful start; drives the reconnect back-off
 * @param lastError           the last failure's description ({@code Class: message}), or {@code null}
 * @param messagesReceived    messages queued for {@code onMessage} (control messages and dropped ones excluded)
 * @param messagesDropped     messages dropped because the callback queue was full
 * @param heartbeatsSent      {@code CTRL:PULSE} messages this instance published
 * @param heartbeatsReceived  {@code CTRL:PULSE} messages received (from any instance, one per channel)
 * @param callbackFailures    exceptions thrown by user callbacks (logged and otherwise ignored)
 */
public record RedisPubSubStats(
        RedisPubSubServer.State state,
        long timesStarted,
        long totalErrors,
        long consecutiveErrors,
        String lastError,
        long messagesReceived,
        long messagesDropped,
        long heartbeatsSent,
        long heartbeatsReceived,
        long callbackFailures) {

    /** One line in the spirit of ServiceStack's {@code GetStatsDescription()}. */
    public String describe() {
        return "RedisPubSubServer: state=" + state
                + ", timesStarted=" + timesStarted
                + ", errors=" + totalErrors
                + ", consecutiveErrors=" + consecutiveErrors
                + ", lastError=" + lastError
                + ", messagesReceived=" + messagesReceived
                + ", messagesDropped=" + messagesDropped
                + ", heartbeatsSent=" + heartbeatsSent
                + ", heartbeatsReceived=" + heartbeatsReceived
                + ", callbackFailures=" + callbackFailures;
    }
}

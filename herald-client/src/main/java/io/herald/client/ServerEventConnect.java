package io.herald.client;

/**
 * The {@code cmd.onConnect} message: the new subscription's id, its URLs and the timings the server
 * asks for.
 *
 * <p>Immutable except for {@link #setHeartbeatIntervalMs(long)}, which an {@code onConnect} callback
 * may call to change how often this connection sends heartbeats (thread-safe; a change made later
 * applies from the next heartbeat).
 */
public final class ServerEventConnect extends ServerEventCommand {

    static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
    static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;

    private volatile long heartbeatIntervalMs;
    private final long idleTimeoutMs;

    ServerEventConnect(ServerEventMessage message) {
        super(message);
        // Missing or malformed timings fall back to the server defaults rather than 0 (which would spin).
        long interval = Json.parseLong(getMeta().get("heartbeatIntervalMs"), DEFAULT_HEARTBEAT_INTERVAL_MS);
        long idle = Json.parseLong(getMeta().get("idleTimeoutMs"), DEFAULT_IDLE_TIMEOUT_MS);
        this.heartbeatIntervalMs = interval > 0 ? interval : DEFAULT_HEARTBEAT_INTERVAL_MS;
        this.idleTimeoutMs = idle > 0 ? idle : DEFAULT_IDLE_TIMEOUT_MS;
    }

    /** The subscription id ({@code id}): a bearer capability, keep it private. */
    public String getId() {
        return getMeta().get("id");
    }

    /** Absolute URL the client POSTs to end the subscription, or null when the server disabled it. */
    public String getUnRegisterUrl() {
        return getMeta().get("unRegisterUrl");
    }

    /** Absolute URL the client POSTs heartbeats to, or null when the server disabled heartbeats. */
    public String getHeartbeatUrl() {
        return getMeta().get("heartbeatUrl");
    }

    /** Absolute URL of the form-based channel update endpoint ({@code updateSubscriberUrl}), or null. */
    public String getUpdateSubscriberUrl() {
        return getMeta().get("updateSubscriberUrl");
    }

    /** Milliseconds between heartbeats: the server's {@code heartbeatIntervalMs} (default 10000) unless changed. */
    public long getHeartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /**
     * Changes the heartbeat interval of this connection.
     *
     * @throws IllegalArgumentException if {@code millis <= 0}
     */
    public void setHeartbeatIntervalMs(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("heartbeatIntervalMs must be > 0: " + millis);
        }
        this.heartbeatIntervalMs = millis;
    }

    /** The server's {@code idleTimeoutMs} (default 30000): without an onHeartbeat for this long the client reconnects. */
    public long getIdleTimeoutMs() {
        return idleTimeoutMs;
    }
}

package io.herald.client;

/**
 * Herald's {@code cmd.onResume} message: the server's answer to a reconnect that sent
 * {@code Last-Event-ID}. It comes after {@code cmd.onConnect} and after the missed channel events the
 * server replayed (with their original ids), and before live events.
 *
 * <p>{@link #isRecovered()} false means the server's history no longer covered the position (too old,
 * history lost, or a restarted server): some events were missed for good and the application should
 * refetch its state. Plain ServiceStack servers never send this message.
 *
 * <p>The client handles it itself: it reaches the {@code onResume} callback and
 * {@link ServerEventsClient#getLastResume()}, never handlers, receivers or {@code onMessage}. Immutable.
 */
public final class ServerEventResume extends ServerEventMessage {

    ServerEventResume(ServerEventMessage message) {
        super(message);
    }

    /** The position the client resumed from ({@code lastEventId} of the body), or -1 when absent. */
    public long getResumedAfter() {
        return Json.parseLong(getMeta().get("lastEventId"), -1);
    }

    /** True when the server replayed everything missed since {@link #getResumedAfter()}. */
    public boolean isRecovered() {
        return "true".equals(getMeta().get("recovered"));
    }

    /** How many missed events the server replayed before this message ({@code replayed}), 0 when absent. */
    public int getReplayed() {
        return (int) Json.parseLong(getMeta().get("replayed"), 0);
    }
}

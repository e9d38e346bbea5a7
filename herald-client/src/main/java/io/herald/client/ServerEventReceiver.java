package io.herald.client;

/**
 * Optional base class for receivers. A receiver is any class registered with
 * {@link ServerEventsClient.Builder#receiver(String, Class)} or
 * {@link ServerEventsClient.Builder#globalReceiver(Class)}: a message {@code name.Target body} calls its
 * public method or property setter matching {@code Target}. Subclasses of this class also get the client
 * and the current message injected before the call, and {@link #noSuchMethod} for unmatched targets.
 *
 * <p>An instance is used for one message at a time, but with a singleton resolver the same instance
 * sees messages from every connection of the client, one after another.
 */
public abstract class ServerEventReceiver {

    private volatile ServerEventsClient client;
    private volatile ServerEventMessage request;

    /** The client that received the current message. */
    public ServerEventsClient getClient() {
        return client;
    }

    /** The message being handled. */
    public ServerEventMessage getRequest() {
        return request;
    }

    /**
     * Called when no method or setter matches the message's target. Does nothing by default.
     *
     * @param target the message target as sent, e.g. {@code BazMethod}
     * @param message the whole message
     */
    public void noSuchMethod(String target, ServerEventMessage message) {
    }

    final void inject(ServerEventsClient client, ServerEventMessage request) {
        this.client = client;
        this.request = request;
    }
}

package io.herald;

import java.util.List;
import java.util.Map;

/**
 * One live event stream held by this server, as hooks and services see it: who it belongs to, which channels
 * it listens to, and its public and private info. A read-only view: channels, heartbeats and the stream itself
 * are changed only through {@link ServerEvents} ({@code subscribeToChannels}, {@code pulse},
 * {@code unregister}, {@code disconnect}).
 *
 * <p>The two maps are the exception, as in ServiceStack: {@link #meta()} is the public info every other user
 * sees in join, leave and update events and the subscribers list, and {@link #serverArgs()} holds values that
 * never leave the server. Hooks may add keys to both, typically in {@code onCreated} or {@code onConnect};
 * changes to {@code meta()} made later reach the next event only after {@link #metaChanged()}.
 *
 * <p>Thread-safe: values are read live (the channel list is an immutable snapshot per call).
 */
public interface EventSubscription {

    /** 20 random {@code [A-Za-z0-9]} characters: a bearer capability for this stream. */
    String id();

    /** {@code userAuthId} of a signed-in user, or {@code -n} for anonymous ones. */
    String userId();

    /** The session's user name, or null. */
    String userName();

    /** The name shown to other users. */
    String displayName();

    /** The session id, or null. */
    String sessionId();

    /** The IP address the stream was opened from. */
    String userAddress();

    /** Whether the user signed in. */
    boolean isAuthenticated();

    /** The avatar URL, or null. */
    String profileUrl();

    /** When the stream opened, unix milliseconds. */
    long createdAt();

    /** The last heartbeat (or the creation time), unix milliseconds. */
    long lastPulseAt();

    /** The channels, in order (an immutable snapshot). */
    List<String> channels();

    /** Whether the stream listens to {@code channel}. */
    boolean hasChannel(String channel);

    /** True once the stream has closed. */
    boolean isClosed();

    /** The public info, live and mutable (see the class comment). */
    Map<String, String> meta();

    /** Tells the stream that a hook changed {@link #meta()} after registration, so the next event carries it. */
    void metaChanged();

    /** Server-only values for hooks and services; never sent to any client. Live and mutable. */
    Map<String, String> serverArgs();

    /** An ordered copy of {@link #meta()}: {@code userId, isAuthenticated, displayName, channels, createdAt, profileUrl}, then the rest. */
    Map<String, String> metaSnapshot();

    /** {@link #metaSnapshot()} as flat single-line JSON. */
    String metaJson();

    /** An immutable snapshot of this subscription ({@code connectArgs} are not kept after registration and are empty). */
    SubscriptionInfo info();
}

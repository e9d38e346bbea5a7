package io.herald.spi;

import java.util.Objects;

/**
 * One stream of history: the messages to everyone, to one channel, or to one user id, user name or session.
 * A subscription can receive the messages of its channels, of everyone, of its user id (when authenticated),
 * of its user name and of its session; those are the addresses a resuming client's history is read from.
 *
 * @param target {@code ALL}, {@code CHANNELS} (one channel), {@code USER_ID}, {@code USER_NAME} or {@code SESSION}
 * @param name   the channel, user id, user name or session; empty for {@code ALL}
 */
public record Address(Message.Target target, String name) {

    /** The messages to everyone. */
    public static final Address ALL = new Address(Message.Target.ALL, "");

    public Address {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        if (target == Message.Target.SUBSCRIPTION) {
            throw new IllegalArgumentException("messages to one subscription are not kept, so have no address");
        }
    }

    /** The messages to one channel. */
    public static Address channel(String channel) {
        return new Address(Message.Target.CHANNELS, channel);
    }
}

package io.herald.spi;

import java.util.List;
import java.util.Objects;

/**
 * A request to the node that holds a subscription's stream, sent when the request reached another node:
 * record a heartbeat, end the subscription, or change its channels. Control messages carry no event id, are
 * not ordered with events and are not kept.
 *
 * @param kind           what to do
 * @param subscriptionId whose stream
 * @param channels       the channels to add or remove ({@code SUBSCRIBE}/{@code UNSUBSCRIBE}); empty otherwise
 */
public record Control(Kind kind, String subscriptionId, List<String> channels) {

    /** What a control message asks for. */
    public enum Kind { PULSE, UNREGISTER, SUBSCRIBE, UNSUBSCRIBE }

    public Control {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        channels = List.copyOf(channels);
    }

    public static Control pulse(String subscriptionId) {
        return new Control(Kind.PULSE, subscriptionId, List.of());
    }

    public static Control unregister(String subscriptionId) {
        return new Control(Kind.UNREGISTER, subscriptionId, List.of());
    }

    public static Control channels(boolean subscribe, String subscriptionId, List<String> channels) {
        return new Control(subscribe ? Kind.SUBSCRIBE : Kind.UNSUBSCRIBE, subscriptionId, channels);
    }
}

package io.herald.chat;

/**
 * Request of {@code POST /channels/{channel}/object}: sends typed objects, used by receiver tests. Each
 * non-null object goes out with {@code selector}, or its default {@code cmd.CustomType} /
 * {@code cmd.SetterType}.
 *
 * @param toUserId    a user id to send to only, or null for the whole channel
 * @param channel     the channel (from the route)
 * @param selector    the selector, or null for the type's default
 * @param customType  an object to send, or null
 * @param setterType  an object to send, or null
 */
public record PostObjectToChannel(String toUserId, String channel, String selector, CustomType customType,
                                  SetterType setterType) {

    /** A sample payload; its default selector is {@code cmd.CustomType}. */
    public record CustomType(int id, String name) {
    }

    /** A sample payload for setter receivers; its default selector is {@code cmd.SetterType}. */
    public record SetterType(int id, String name) {
    }
}

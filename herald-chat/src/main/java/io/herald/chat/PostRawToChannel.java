package io.herald.chat;

/**
 * Request of {@code POST /channels/{channel}/raw}: a remote-control command, sent as a JSON string body
 * with the caller's selector (e.g. {@code css.background$#top} and {@code #673ab7}).
 *
 * @param from      the sender's subscription id
 * @param toUserId  a user id to send to only, or null for the whole channel
 * @param channel   the channel (from the route)
 * @param message   the argument text, HTML-encoded by the server
 * @param selector  the selector, required
 */
public record PostRawToChannel(String from, String toUserId, String channel, String message, String selector) {
}

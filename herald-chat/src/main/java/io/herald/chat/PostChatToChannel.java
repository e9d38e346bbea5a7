package io.herald.chat;

/**
 * Request of {@code POST /channels/{channel}/chat}: a chat line from subscription {@code from}.
 *
 * @param from      the sender's subscription id (its {@code onConnect} id)
 * @param toUserId  the recipient's user id for a private message, or null for the whole channel
 * @param channel   the channel (from the route)
 * @param message   the text, HTML-encoded by the server before it is sent
 * @param selector  the selector, {@code cmd.chat} when null
 */
public record PostChatToChannel(String from, String toUserId, String channel, String message, String selector) {
}

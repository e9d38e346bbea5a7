package io.herald.examples.springchat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One chat line, as sent with {@code cmd.chat} and kept in the history; the page reads these names.
 *
 * @param id         from the {@code chatMsg} sequence: increasing, shared by every instance on one Redis
 * @param fromUserId the sender's user id ({@code -n} for anonymous users)
 * @param message    HTML-encoded text
 * @param userAuthId the sender's user id when signed in, else null
 * @param isPrivate  JSON {@code private}: sent to one user, never kept
 */
public record ChatMessage(long id, String channel, String fromUserId, String fromName, String displayName,
                          String message, String userAuthId, @JsonProperty("private") boolean isPrivate) {

    /** The same message with other text (the {@code @name: } copy the sender of a private message sees). */
    public ChatMessage withMessage(String text) {
        return new ChatMessage(id, channel, fromUserId, fromName, displayName, text, userAuthId, isPrivate);
    }
}

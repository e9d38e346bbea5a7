package io.herald.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One chat line as sent with {@code cmd.chat} and kept in the history. JSON (camelCase):
 * {@code {"id":1,"channel":"home","fromUserId":"-1","fromName":"user1","displayName":"user1",
 * "message":"hi","userAuthId":null,"private":false}}.
 *
 * <p>A class rather than a record because the JSON property {@code private} is a Java keyword: the
 * getter {@link #isPrivate()} maps to it for Jackson and for bean-style codecs alike. Immutable.
 */
public final class ChatMessage {

    private final long id;
    private final String channel;
    private final String fromUserId;
    private final String fromName;
    private final String displayName;
    private final String message;
    private final String userAuthId;
    private final boolean isPrivate;

    @JsonCreator
    public ChatMessage(@JsonProperty("id") long id,
                       @JsonProperty("channel") String channel,
                       @JsonProperty("fromUserId") String fromUserId,
                       @JsonProperty("fromName") String fromName,
                       @JsonProperty("displayName") String displayName,
                       @JsonProperty("message") String message,
                       @JsonProperty("userAuthId") String userAuthId,
                       @JsonProperty("private") boolean isPrivate) {
        this.id = id;
        this.channel = channel;
        this.fromUserId = fromUserId;
        this.fromName = fromName;
        this.displayName = displayName;
        this.message = message;
        this.userAuthId = userAuthId;
        this.isPrivate = isPrivate;
    }

    /** The message id, from the {@code chatMsg} sequence: increasing, unique per back-end. */
    public long getId() {
        return id;
    }

    public String getChannel() {
        return channel;
    }

    /** The sender's user id ({@code -n} for anonymous users). */
    public String getFromUserId() {
        return fromUserId;
    }

    /** The sender's display name. */
    public String getFromName() {
        return fromName;
    }

    public String getDisplayName() {
        return displayName;
    }

    /** The HTML-encoded text. */
    public String getMessage() {
        return message;
    }

    /** The sender's auth id when signed in, else null. */
    public String getUserAuthId() {
        return userAuthId;
    }

    /** True for a private ({@code @user}) message; JSON property {@code private}. */
    @JsonProperty("private")
    public boolean isPrivate() {
        return isPrivate;
    }

    /** A copy with another text (used for the {@code @name: } echo to the sender). */
    public ChatMessage withMessage(String newMessage) {
        return new ChatMessage(id, channel, fromUserId, fromName, displayName, newMessage, userAuthId, isPrivate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMessage m && id == m.id && isPrivate == m.isPrivate
                && Objects.equals(channel, m.channel) && Objects.equals(fromUserId, m.fromUserId)
                && Objects.equals(fromName, m.fromName) && Objects.equals(displayName, m.displayName)
                && Objects.equals(message, m.message) && Objects.equals(userAuthId, m.userAuthId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, channel, fromUserId, fromName, displayName, message, userAuthId, isPrivate);
    }

    @Override
    public String toString() {
        return "ChatMessage[id=" + id + ", channel=" + channel + ", from=" + fromName + "(" + fromUserId + ")"
                + ", private=" + isPrivate + ", message=" + message + "]";
    }
}

package io.herald.chat;

import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.SubscriptionInfo;
import io.herald.http.HttpError;
import java.util.List;
import java.util.Objects;

/**
 * The chat's service logic, independent of the HTTP layer: the transport binds the request DTOs and
 * calls these methods; an {@link HttpError} thrown here becomes the response status and
 * {@code responseStatus.message}.
 *
 * <p>Thread-safe if the given {@link ServerEvents} and {@link ChatHistory} are.
 */
public final class ChatServices {

    /** Selector of chat lines when the request gives none. */
    public static final String DEFAULT_CHAT_SELECTOR = "cmd.chat";

    /** Sequence that numbers chat messages. */
    public static final String CHAT_SEQUENCE = "chatMsg";

    private final ServerEvents serverEvents;
    private final ChatHistory history;
    private final boolean limitRemoteControlToAuthenticatedUsers;

    /**
     * @param serverEvents  the back-end to send through
     * @param history       where public messages are kept
     * @param limitRemoteControlToAuthenticatedUsers  the setting of the same name: if true anonymous users
     *                      get 403 from {@link #postRaw}
     */
    public ChatServices(ServerEvents serverEvents, ChatHistory history, boolean limitRemoteControlToAuthenticatedUsers) {
        this.serverEvents = Objects.requireNonNull(serverEvents, "serverEvents");
        this.history = Objects.requireNonNull(history, "history");
        this.limitRemoteControlToAuthenticatedUsers = limitRemoteControlToAuthenticatedUsers;
    }

    /** Reads {@code LimitRemoteControlToAuthenticatedUsers} (default false) from {@code settings}. */
    public ChatServices(ServerEvents serverEvents, ChatHistory history, AppSettings settings) {
        this(serverEvents, history, settings.getBool("LimitRemoteControlToAuthenticatedUsers", false));
    }

    /**
     * {@code POST /channels/{channel}/chat}. Builds a {@link ChatMessage} (next {@code chatMsg} id,
     * HTML-encoded text) and sends it to the channel, or, with {@code toUserId}, privately to every
     * subscription of that user plus one echo to the sender prefixed {@code @<theirName>: } (no echo when
     * the sender is the recipient: it already has the message). Public messages go into the history.
     *
     * @return the message as sent to the channel or recipient
     * @throws HttpError 404 {@code Subscription <from> does not exist}; 404 when the recipient is not
     *                   connected; 400 for a missing channel or message or a bad selector
     */
    public ChatMessage postChat(PostChatToChannel request) {
        SubscriptionInfo sub = requireSubscription(request.from());
        String channel = requireChannel(request.channel());
        if (request.message() == null || request.message().isBlank()) {
            throw HttpError.badRequest("'message' is required");
        }
        String selector = blankToNull(request.selector()) == null ? DEFAULT_CHAT_SELECTOR : request.selector();
        checkSelector(selector);
        String toUserId = userId(request.toUserId());

        List<SubscriptionInfo> recipients = List.of();
        if (toUserId != null) {
            recipients = serverEvents.getSubscriptionInfosByUserId(toUserId);
            if (recipients.isEmpty()) {
                // without this the sender would see nothing at all and not know why
                throw HttpError.notFound("User " + toUserId + " is not connected");
            }
        }
        ChatMessage msg = new ChatMessage(
                serverEvents.getNextSequence(CHAT_SEQUENCE),
                channel,
                sub.userId(),
                sub.displayName(),
                sub.displayName(),
                htmlEncode(request.message()),
                sub.authenticated() ? sub.userId() : null,
                toUserId != null);

        if (toUserId == null) {
            send(() -> serverEvents.notifyChannel(channel, selector, msg));
            history.add(msg);
            return msg;
        }
        send(() -> serverEvents.notifyUserId(toUserId, selector, msg));
        if (!toUserId.equals(sub.userId())) {
            // one echo however many tabs the recipient has open
            ChatMessage echo = msg.withMessage("@" + recipients.get(0).displayName() + ": " + msg.getMessage());
            send(() -> serverEvents.notifySubscription(sub.id(), selector, echo));
        }
        return msg;
    }

    /**
     * {@code POST /channels/{channel}/raw}: sends the HTML-encoded message as a JSON string with the
     * caller's selector to the channel, or to {@code toUserId}. No echo.
     *
     * @param callerAuthenticated whether the HTTP caller's session is signed in (not the subscription's
     *                            flag: the session is what the request proves)
     * @throws HttpError 403 {@code You must be authenticated to use remote control.} when limited and
     *                   anonymous; 404 for an unknown {@code from}; 400 for a missing or bad selector
     */
    public void postRaw(PostRawToChannel request, boolean callerAuthenticated) {
        if (limitRemoteControlToAuthenticatedUsers && !callerAuthenticated) {
            throw HttpError.forbidden("You must be authenticated to use remote control.");
        }
        requireSubscription(request.from());
        String channel = requireChannel(request.channel());
        String selector = blankToNull(request.selector());
        if (selector == null) {
            throw HttpError.badRequest("'selector' is required, e.g. cmd.announce");
        }
        checkSelector(selector);
        String message = request.message() == null ? null : htmlEncode(request.message());
        String toUserId = userId(request.toUserId());
        if (toUserId != null) {
            send(() -> serverEvents.notifyUserId(toUserId, selector, message));
        } else {
            send(() -> serverEvents.notifyChannel(channel, selector, message));
        }
    }

    /**
     * {@code POST /channels/{channel}/object}: sends {@code customType} and {@code setterType} (each if
     * non-null) with the request's selector or their default {@code cmd.<TypeName>}.
     *
     * @throws HttpError 400 for a missing channel or a bad selector
     */
    public void postObject(PostObjectToChannel request) {
        String channel = requireChannel(request.channel());
        String toUserId = userId(request.toUserId());
        for (Object obj : new Object[] {request.customType(), request.setterType()}) {
            if (obj == null) {
                continue;
            }
            String selector = blankToNull(request.selector()) == null ? Selectors.of(obj) : request.selector();
            checkSelector(selector);
            if (toUserId != null) {
                send(() -> serverEvents.notifyUserId(toUserId, selector, obj));
            } else {
                send(() -> serverEvents.notifyChannel(channel, selector, obj));
            }
        }
    }

    /**
     * {@code GET /chathistory}.
     *
     * @throws HttpError 400 for a negative {@code take} or an invalid channel name
     */
    public ChatHistoryResponse getChatHistory(GetChatHistory request) {
        if (request.take() != null && request.take() < 0) {
            throw HttpError.badRequest("'take' must be >= 0, got " + request.take());
        }
        for (String channel : request.channels()) {
            String problem = Selectors.channelProblem(channel);
            if (problem != null) {
                throw HttpError.badRequest("'channels': " + problem);
            }
        }
        return new ChatHistoryResponse(history.getHistory(request.channels(), request.afterId(), request.take()));
    }

    /** {@code /reset}: clears the history (the route then redirects to {@code /}). */
    public void clearChatHistory() {
        history.clear();
    }

    /** {@code /reset-serverevents}: forgets every subscription; clients reconnect on their next heartbeat. */
    public void resetServerEvents(ResetServerEvents request) {
        serverEvents.reset();
    }

    /** The history these services write to. */
    public ChatHistory history() {
        return history;
    }

    /**
     * HTML-encodes {@code &}, {@code <}, {@code >}, {@code "} and {@code '} so chat text can be shown as
     * markup safely.
     */
    public static String htmlEncode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private SubscriptionInfo requireSubscription(String from) {
        SubscriptionInfo sub = from == null ? null : serverEvents.getSubscriptionInfo(from);
        if (sub == null) {
            throw HttpError.notFound("Subscription " + (from == null ? "null" : Selectors.printable(from)) + " does not exist");
        }
        return sub;
    }

    private static String requireChannel(String channel) {
        if (channel == null || channel.isBlank()) {
            throw HttpError.badRequest("'channel' is required");
        }
        String problem = Selectors.channelProblem(channel);
        if (problem != null) {
            throw HttpError.badRequest(problem);
        }
        return channel;
    }

    /**
     * A recipient's user id, or null when none is given. It becomes a routing key and appears in the
     * 404 message, so text that could break a line is refused here, naming the field.
     */
    private static String userId(String toUserId) {
        String id = blankToNull(toUserId);
        if (id == null) {
            return null;
        }
        try {
            return Selectors.checkName("toUserId", id);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static void checkSelector(String selector) {
        try {
            Selectors.checkSelector(selector);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** The back-end rejects unsafe selectors/channels with IllegalArgumentException: that is a bad request. */
    private static void send(Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

package io.herald.examples.springchat;

import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.SubscriptionInfo;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat's services, as the page calls them: chat lines (public or to one user), remote-control commands, the
 * history, the page's settings. Messages go out through the {@link ServerEvents} bean the starter provides.
 */
@RestController
public class ChatController {

    /** Numbers chat messages; shared by every instance on one Redis. */
    static final String SEQUENCE = "chatMsg";

    private final ServerEvents serverEvents;
    private final ChatHistory history;
    private final ChatProperties properties;
    private final ServerEventsFeature feature;

    public ChatController(ServerEvents serverEvents, ChatHistory history, ChatProperties properties,
                          ServerEventsFeature feature) {
        this.serverEvents = serverEvents;
        this.history = history;
        this.properties = properties;
        this.feature = feature;
    }

    /**
     * A chat line from the subscription {@code from} to the channel, or privately to {@code toUserId} (every tab
     * of that user, plus one {@code @name: } copy to the sender). Public lines are kept in the history.
     */
    @PostMapping("/channels/{channel}/chat")
    public ChatMessage chat(@PathVariable String channel, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String toUserId,
                            @RequestParam(required = false) String message,
                            @RequestParam(required = false) String selector) {
        SubscriptionInfo sender = subscription(from);
        checkChannel(channel);
        if (message == null || message.isBlank()) {
            throw ChatException.badRequest("'message' is required");
        }
        String sel = blank(selector) ? "cmd.chat" : Selectors.checkSelector(selector);
        String to = blank(toUserId) ? null : Selectors.checkName("toUserId", toUserId);
        List<SubscriptionInfo> recipients = to == null ? List.of() : serverEvents.getSubscriptionInfosByUserId(to);
        if (to != null && recipients.isEmpty()) {
            throw ChatException.notFound("User " + to + " is not connected");
        }
        ChatMessage chat = new ChatMessage(serverEvents.getNextSequence(SEQUENCE), channel, sender.userId(),
                sender.displayName(), sender.displayName(), htmlEncode(message),
                sender.authenticated() ? sender.userId() : null, to != null);
        if (to == null) {
            serverEvents.notifyChannel(channel, sel, chat);
            history.add(chat);
        } else {
            serverEvents.notifyUserId(to, sel, chat);
            if (!to.equals(sender.userId())) {
                String name = recipients.get(0).displayName();
                serverEvents.notifySubscription(sender.id(), sel, chat.withMessage("@" + name + ": " + chat.message()));
            }
        }
        return chat;
    }

    /** A remote-control command ({@code /cmd.announce hi}, {@code /css.color$#top red}) to the channel or a user. */
    @PostMapping("/channels/{channel}/raw")
    public void raw(@PathVariable String channel, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String toUserId, @RequestParam(required = false) String message,
                    @RequestParam(required = false) String selector) {
        subscription(from);
        checkChannel(channel);
        if (blank(selector)) {
            throw ChatException.badRequest("'selector' is required, e.g. cmd.announce");
        }
        Selectors.checkSelector(selector);
        String text = message == null ? null : htmlEncode(message);
        if (blank(toUserId)) {
            serverEvents.notifyChannel(channel, selector, text);
        } else {
            serverEvents.notifyUserId(Selectors.checkName("toUserId", toUserId), selector, text);
        }
    }

    /** {@code {"results":[...]}}: each channel's newest {@code take} public messages, sorted by id. */
    @GetMapping("/chathistory")
    public Map<String, List<ChatMessage>> chatHistory(@RequestParam(defaultValue = "") List<String> channels,
                                                      @RequestParam(required = false) Long afterId,
                                                      @RequestParam(required = false) Integer take) {
        int n = take == null ? ChatHistory.DEFAULT_TAKE : take;
        if (n < 0) {
            throw ChatException.badRequest("'take' must be >= 0, got " + n);
        }
        List<String> names = channels.stream().filter(c -> !c.isBlank()).toList();
        names.forEach(ChatController::checkChannel);
        return Map.of("results", history.get(names, afterId, n));
    }

    /** What the page needs to know about this server. */
    @GetMapping("/config")
    public Map<String, Object> config() {
        return Map.of("background", properties.getBackground(),
                "signInRequired", feature.options().limitToAuthenticatedUsers());
    }

    private SubscriptionInfo subscription(String from) {
        SubscriptionInfo info = blank(from) ? null : serverEvents.getSubscriptionInfo(from);
        if (info == null) {
            throw new ChatException(HttpStatus.NOT_FOUND, "Subscription " + (from == null ? "null"
                    : Selectors.printable(from)) + " does not exist");
        }
        return info;
    }

    private static void checkChannel(String channel) {
        String problem = Selectors.channelProblem(channel);
        if (problem != null) {
            throw ChatException.badRequest(problem);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Chat text is shown as markup by some clients: encode what could make it markup. */
    static String htmlEncode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
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
}

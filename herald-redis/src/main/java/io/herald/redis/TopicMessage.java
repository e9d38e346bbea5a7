package io.herald.redis;

import io.herald.Selectors;
import io.herald.spi.Control;
import io.herald.spi.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One message on the {@code sse:topic} pub/sub channel: formatter and parser of ServiceStack's grammar.
 *
 * <pre>
 * notify.all &lt;selector&gt; &lt;json&gt;
 * notify.channel.&lt;channel&gt; &lt;selector&gt; &lt;json&gt;
 * notify.channels.&lt;c1,c2&gt; &lt;selector&gt; &lt;json&gt;          (Herald only: one event to several channels)
 * notify.subscription.&lt;subId&gt; &lt;selector&gt;[@&lt;channelFilter&gt;] &lt;json&gt;
 * notify.userid.&lt;userId&gt; &lt;selector&gt;[@&lt;channelFilter&gt;] &lt;json&gt;
 * notify.username.&lt;userName&gt; &lt;selector&gt;[@&lt;channelFilter&gt;] &lt;json&gt;
 * notify.session.&lt;sessionId&gt; &lt;selector&gt;[@&lt;channelFilter&gt;] &lt;json&gt;
 * subscribe.id.&lt;subId&gt; "&lt;c1,c2&gt;"       (the body is a JSON string of the comma-separated list)
 * unsubscribe.id.&lt;subId&gt; "&lt;c1,c2&gt;"
 * unregister.id.&lt;subId&gt;
 * pulse.id.&lt;subId&gt;
 * </pre>
 *
 * The JSON body is left out when it is {@code null}.
 *
 * <p><b>Names with dots or spaces.</b> ServiceStack's receiver splits the head on every {@code .} and keeps
 * three tokens, so a target such as channel {@code a.b} is cut to {@code a}, and a space breaks the parse.
 * This parser instead takes everything up to the <em>first space</em> as the head and splits the head only
 * on its <em>first two dots</em>, so the target is everything after the second dot: {@code notify.channel.a.b}
 * addresses channel {@code a.b}, and any name without whitespace round-trips. Names that cannot round-trip
 * are refused when the message is built, with an {@link IllegalArgumentException} naming the field and the
 * value: targets, selectors and channel filters must be non-empty and free of whitespace and control
 * characters; selectors of the filtered kinds must not contain {@code @} (it separates the filter);
 * channel names in (un)subscribe lists must not contain {@code ,}. A .NET server sharing the Redis would
 * still truncate dotted names; Java servers route them correctly.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TopicMessage {

    /** The message kinds and their head prefixes. */
    public enum Kind {
        /** {@code notify.all}: every local subscription. */
        NOTIFY_ALL("notify.all", false, true),
        /** {@code notify.channel.<channel>}. */
        NOTIFY_CHANNEL("notify.channel", true, true),
        /** {@code notify.channels.<c1,c2>}: one event to several channels (Herald only). */
        NOTIFY_CHANNELS("notify.channels", true, true),
        /** {@code notify.subscription.<subId>}. */
        NOTIFY_SUBSCRIPTION("notify.subscription", true, true),
        /** {@code notify.userid.<userId>}. */
        NOTIFY_USER_ID("notify.userid", true, true),
        /** {@code notify.username.<userName>}. */
        NOTIFY_USER_NAME("notify.username", true, true),
        /** {@code notify.session.<sessionId>}. */
        NOTIFY_SESSION("notify.session", true, true),
        /** {@code subscribe.id.<subId> "<c1,c2>"}. */
        SUBSCRIBE("subscribe.id", true, false),
        /** {@code unsubscribe.id.<subId> "<c1,c2>"}. */
        UNSUBSCRIBE("unsubscribe.id", true, false),
        /** {@code unregister.id.<subId>}. */
        UNREGISTER("unregister.id", true, false),
        /** {@code pulse.id.<subId>}. */
        PULSE("pulse.id", true, false);

        private final String head;
        private final boolean targeted;
        private final boolean notify;

        Kind(String head, boolean targeted, boolean notify) {
            this.head = head;
            this.targeted = targeted;
            this.notify = notify;
        }

        /** The head without target, for example {@code notify.channel}. */
        public String head() {
            return head;
        }

        /** Whether the head carries a target name after a third dot. */
        public boolean isTargeted() {
            return targeted;
        }

        /** Whether the message carries a selector and an optional JSON body. */
        public boolean isNotify() {
            return notify;
        }

        /** Whether the selector may carry an {@code @channelFilter}. */
        public boolean isFiltered() {
            return notify && this != NOTIFY_ALL && this != NOTIFY_CHANNEL && this != NOTIFY_CHANNELS;
        }

        static Kind ofHead(String head) {
            for (Kind k : values()) {
                if (k.head.equals(head)) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    private final String target;
    private final String selector;
    private final String channelFilter;
    private final String json;
    private final List<String> channels;

    private TopicMessage(Kind kind, String target, String selector, String channelFilter, String json,
                         List<String> channels) {
        this.kind = kind;
        this.target = target;
        this.selector = selector;
        this.channelFilter = channelFilter;
        this.json = json;
        this.channels = channels;
    }

    // --- factories (validate, so format() never fails)

    /** {@code notify.all <selector> <json>}; {@code json} may be {@code null}. */
    public static TopicMessage notifyAll(String selector, String json) {
        return notify(Kind.NOTIFY_ALL, null, selector, null, json);
    }

    /** {@code notify.channel.<channel> <selector> <json>}; {@code json} may be {@code null}. */
    public static TopicMessage notifyChannel(String channel, String selector, String json) {
        return notify(Kind.NOTIFY_CHANNEL, channel, selector, null, json);
    }

    /**
     * {@code notify.channels.<c1,c2> <selector> <json>}: one event to several channels; {@code json} may be
     * {@code null}. Channel names must not contain {@code ,}.
     */
    public static TopicMessage notifyChannels(List<String> channels, String selector, String json) {
        for (String c : channels) {
            if (name(c, "channel").indexOf(',') >= 0) {
                throw new IllegalArgumentException("channel must not contain ',' (it separates the list): '" + c + "'");
            }
        }
        return notify(Kind.NOTIFY_CHANNELS, String.join(",", channels), selector, null, json);
    }

    /** {@code notify.subscription.<subId> <selector>[@<channelFilter>] <json>}; filter and json may be null. */
    public static TopicMessage notifySubscription(String subscriptionId, String selector, String channelFilter, String json) {
        return notify(Kind.NOTIFY_SUBSCRIPTION, subscriptionId, selector, channelFilter, json);
    }

    /** {@code notify.userid.<userId> <selector>[@<channelFilter>] <json>}; filter and json may be null. */
    public static TopicMessage notifyUserId(String userId, String selector, String channelFilter, String json) {
        return notify(Kind.NOTIFY_USER_ID, userId, selector, channelFilter, json);
    }

    /** {@code notify.username.<userName> <selector>[@<channelFilter>] <json>}; filter and json may be null. */
    public static TopicMessage notifyUserName(String userName, String selector, String channelFilter, String json) {
        return notify(Kind.NOTIFY_USER_NAME, userName, selector, channelFilter, json);
    }

    /** {@code notify.session.<sessionId> <selector>[@<channelFilter>] <json>}; filter and json may be null. */
    public static TopicMessage notifySession(String sessionId, String selector, String channelFilter, String json) {
        return notify(Kind.NOTIFY_SESSION, sessionId, selector, channelFilter, json);
    }

    /** {@code subscribe.id.<subId> "<c1,c2>"}. */
    public static TopicMessage subscribe(String subscriptionId, List<String> channels) {
        return channelList(Kind.SUBSCRIBE, subscriptionId, channels);
    }

    /** {@code unsubscribe.id.<subId> "<c1,c2>"}. */
    public static TopicMessage unsubscribe(String subscriptionId, List<String> channels) {
        return channelList(Kind.UNSUBSCRIBE, subscriptionId, channels);
    }

    /** {@code unregister.id.<subId>}. */
    public static TopicMessage unregister(String subscriptionId) {
        return new TopicMessage(Kind.UNREGISTER, name(subscriptionId, "subscriptionId"), null, null, null, List.of());
    }

    /** {@code pulse.id.<subId>}. */
    public static TopicMessage pulse(String subscriptionId) {
        return new TopicMessage(Kind.PULSE, name(subscriptionId, "subscriptionId"), null, null, null, List.of());
    }

    private static TopicMessage notify(Kind kind, String target, String selector, String filter, String json) {
        String t = kind.isTargeted() ? name(target, targetField(kind)) : null;
        String s = name(selector, "selector");
        if (kind.isFiltered() && s.indexOf('@') >= 0) {
            throw new IllegalArgumentException("selector must not contain '@' (it separates the channel filter): '" + s + "'");
        }
        String f = filter == null ? null : name(filter, "channelFilter");
        return new TopicMessage(kind, t, s, f, json, List.of());
    }

    private static TopicMessage channelList(Kind kind, String subscriptionId, List<String> channels) {
        String id = name(subscriptionId, "subscriptionId");
        Objects.requireNonNull(channels, "channels");
        List<String> copy = new ArrayList<>(channels.size());
        for (String c : channels) {
            String n = name(c, "channel");
            if (n.indexOf(',') >= 0) {
                throw new IllegalArgumentException("channel must not contain ',' (it separates the list): '" + n + "'");
            }
            copy.add(n);
        }
        return new TopicMessage(kind, id, null, null, null, Collections.unmodifiableList(copy));
    }

    private static String targetField(Kind kind) {
        switch (kind) {
            case NOTIFY_CHANNEL: return "channel";
            case NOTIFY_CHANNELS: return "channels";
            case NOTIFY_USER_ID: return "userId";
            case NOTIFY_USER_NAME: return "userName";
            case NOTIFY_SESSION: return "sessionId";
            default: return "subscriptionId";
        }
    }

    private static String name(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException(field + " must not contain whitespace or control characters: '"
                        + printable(value) + "'");
            }
        }
        return value;
    }

    // --- accessors

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** The channel, subscription id, user id, user name or session id; {@code null} for {@code notify.all}. */
    public String target() {
        return target;
    }

    /** The selector of a notify message, for example {@code cmd.chat}; {@code null} for other kinds. */
    public String selector() {
        return selector;
    }

    /** The channel filter after {@code @}, or {@code null}. */
    public String channelFilter() {
        return channelFilter;
    }

    /** The JSON body of a notify message, or {@code null} if it has none. */
    public String json() {
        return json;
    }

    /** The channel list of (un)subscribe messages, or the channels of {@code notify.channels}; empty for other kinds. */
    public List<String> channels() {
        if (kind == Kind.NOTIFY_CHANNELS) {
            return List.of(target.split(",", -1));
        }
        return channels;
    }

    // --- what it carries for the node

    /** The topic message that carries a broker message (target names percent-encoded, see {@link RedisNames}). */
    static TopicMessage of(Message m) {
        String json = m.body().isEmpty() ? null : m.body();
        String name = m.name() == null ? null : RedisNames.encode(m.name());
        return switch (m.target()) {
            case ALL -> notifyAll(m.selector(), json);
            case CHANNELS -> {
                if (m.names().size() == 1) {
                    yield notifyChannel(name, m.selector(), json);
                }
                List<String> encoded = new ArrayList<>(m.names().size());
                m.names().forEach(c -> encoded.add(RedisNames.encode(c)));
                yield notifyChannels(encoded, m.selector(), json);
            }
            case SUBSCRIPTION -> notifySubscription(name, m.selector(), m.channelFilter(), json);
            case USER_ID -> notifyUserId(name, m.selector(), m.channelFilter(), json);
            case USER_NAME -> notifyUserName(name, m.selector(), m.channelFilter(), json);
            case SESSION -> notifySession(name, m.selector(), m.channelFilter(), json);
        };
    }

    /** The topic message that carries a control message. */
    static TopicMessage of(Control c) {
        String id = RedisNames.encode(c.subscriptionId());
        return switch (c.kind()) {
            case PULSE -> pulse(id);
            case UNREGISTER -> unregister(id);
            case SUBSCRIBE -> subscribe(id, c.channels());
            case UNSUBSCRIBE -> unsubscribe(id, c.channels());
        };
    }

    /** Whether this is an event ({@code notify.*}) rather than a control message. */
    boolean isEvent() {
        return kind.isNotify();
    }

    /**
     * The broker message this {@code notify.*} message carries, with names decoded and checked as the node
     * checks what it sends.
     *
     * @throws IllegalArgumentException if a selector or name could not have come from a Herald node
     */
    Message toMessage() {
        String body = json == null ? "" : json;
        Selectors.checkSelector(selector);
        if (channelFilter != null) {
            Selectors.checkChannel(channelFilter);
        }
        return switch (kind) {
            case NOTIFY_ALL -> Message.toAll(selector, body);
            case NOTIFY_CHANNEL, NOTIFY_CHANNELS -> {
                List<String> names = new ArrayList<>();
                for (String c : kind == Kind.NOTIFY_CHANNEL ? List.of(target) : channels()) {
                    names.add(Selectors.checkChannel(RedisNames.decode(c)));
                }
                yield Message.toChannels(names, selector, body);
            }
            case NOTIFY_SUBSCRIPTION -> targeted(Message.Target.SUBSCRIPTION, "subscriptionId", body);
            case NOTIFY_USER_ID -> targeted(Message.Target.USER_ID, "userId", body);
            case NOTIFY_USER_NAME -> targeted(Message.Target.USER_NAME, "userName", body);
            case NOTIFY_SESSION -> targeted(Message.Target.SESSION, "sessionId", body);
            default -> throw new IllegalArgumentException(kind.head + " is not an event");
        };
    }

    private Message targeted(Message.Target t, String field, String body) {
        return Message.to(t, Selectors.checkName(field, RedisNames.decode(target)), selector, body, channelFilter);
    }

    /** The control message this {@code pulse}/{@code unregister}/{@code (un)subscribe} message carries. */
    Control toControl() {
        String id = RedisNames.decode(target);
        return switch (kind) {
            case PULSE -> Control.pulse(id);
            case UNREGISTER -> Control.unregister(id);
            case SUBSCRIBE, UNSUBSCRIBE -> {
                channels.forEach(Selectors::checkChannel);
                yield Control.channels(kind == Kind.SUBSCRIBE, id, channels);
            }
            default -> throw new IllegalArgumentException(kind.head + " is not a control message");
        };
    }

    // --- wire form

    /** The message text to {@code PUBLISH}. */
    public String format() {
        StringBuilder sb = new StringBuilder(64 + (json == null ? 0 : json.length()));
        sb.append(kind.head);
        if (target != null) {
            sb.append('.').append(target);
        }
        if (kind.isNotify()) {
            sb.append(' ').append(selector);
            if (channelFilter != null) {
                sb.append('@').append(channelFilter);
            }
            if (json != null) {
                sb.append(' ').append(json);
            }
        } else if (kind == Kind.SUBSCRIBE || kind == Kind.UNSUBSCRIBE) {
            sb.append(' ');
            appendJsonString(sb, String.join(",", channels));
        }
        return sb.toString();
    }

    /**
     * Parses a message produced by {@link #format()} or by a ServiceStack server.
     *
     * @throws IllegalArgumentException if the text is not a known kind or is malformed; the message quotes
     *     the text (shortened)
     */
    public static TopicMessage parse(String text) {
        Objects.requireNonNull(text, "text");
        int sp = text.indexOf(' ');
        String head = sp < 0 ? text : text.substring(0, sp);
        String rest = sp < 0 ? null : text.substring(sp + 1);

        // Only the first two dots are structural; the target keeps any further dots.
        int d1 = head.indexOf('.');
        int d2 = d1 < 0 ? -1 : head.indexOf('.', d1 + 1);
        String kindHead = d2 < 0 ? head : head.substring(0, d2);
        String target = d2 < 0 ? null : head.substring(d2 + 1);
        Kind kind = Kind.ofHead(kindHead);
        if (kind == null) {
            throw malformed("unknown message kind '" + printable(kindHead) + "'", text);
        }
        if (kind.isTargeted() && (target == null || target.isEmpty())) {
            throw malformed(kind.head + " needs a target after '" + kind.head + ".'", text);
        }
        if (!kind.isTargeted() && target != null) {
            throw malformed(kind.head + " takes no target", text);
        }
        try {
            if (kind.isNotify()) {
                if (rest == null || rest.isEmpty()) {
                    throw malformed(kind.head + " needs a selector", text);
                }
                int sp2 = rest.indexOf(' ');
                String sel = sp2 < 0 ? rest : rest.substring(0, sp2);
                String json = sp2 < 0 ? null : rest.substring(sp2 + 1);
                String filter = null;
                if (kind.isFiltered()) {
                    int at = sel.indexOf('@');
                    if (at >= 0) {
                        filter = sel.substring(at + 1);
                        sel = sel.substring(0, at);
                    }
                }
                return notify(kind, target, sel, filter, json);
            }
            switch (kind) {
                case SUBSCRIBE:
                case UNSUBSCRIBE: {
                    if (rest == null) {
                        throw malformed(kind.head + " needs a channel list", text);
                    }
                    String list = parseJsonString(rest.trim(), text);
                    List<String> channels = list.isEmpty() ? List.of() : List.of(list.split(",", -1));
                    return channelList(kind, target, channels);
                }
                default:
                    if (rest != null) {
                        throw malformed(kind.head + " takes no body", text);
                    }
                    return kind == Kind.PULSE ? pulse(target) : unregister(target);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("malformed topic message")) {
                throw e;
            }
            throw malformed(e.getMessage(), text);
        }
    }

    private static IllegalArgumentException malformed(String why, String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new IllegalArgumentException("malformed topic message (" + why + "): '" + printable(shown) + "'");
    }

    // --- minimal JSON string encoding, enough for a comma list of channel names

    static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    static String parseJsonString(String s, String text) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            throw malformed("the channel list must be a JSON string", text);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                throw malformed("unescaped quote in the channel list", text);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length() - 1) {
                throw malformed("dangling escape in the channel list", text);
            }
            char e = s.charAt(i);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length() - 2) { // four hex digits before the closing quote
                        throw malformed("short \\u escape in the channel list", text);
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException nfe) {
                        throw malformed("bad \\u escape in the channel list", text);
                    }
                    i += 4;
                    break;
                default:
                    throw malformed("bad escape \\" + e + " in the channel list", text);
            }
        }
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicMessage)) {
            return false;
        }
        TopicMessage m = (TopicMessage) o;
        return kind == m.kind && Objects.equals(target, m.target) && Objects.equals(selector, m.selector)
                && Objects.equals(channelFilter, m.channelFilter) && Objects.equals(json, m.json)
                && channels.equals(m.channels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, target, selector, channelFilter, json, channels);
    }

    @Override
    public String toString() {
        return "TopicMessage[" + format() + "]";
    }
}

package io.herald;

/**
 * Rules for selectors ({@code op.target[$css]}) and channel names, shared by every back-end.
 *
 * <p>A selector must contain a {@code .}, must not contain a space, {@code @}, or any character that is a
 * control character or could end a line for some parser ({@link #isLineBreaking}: Unicode category Cc,
 * which covers CR, LF, NUL and U+0085, plus the line and paragraph separators U+2028 and U+2029). A
 * channel name must be 1 to 256 characters with no {@code ,}, {@code @}, space or such character.
 */
public final class Selectors {

    /** Longest accepted channel name. */
    public static final int MAX_CHANNEL_LENGTH = 256;

    private Selectors() {
    }

    /** {@code cmd.<SimpleTypeName>} for a message object; {@code cmd.null} is never produced. */
    public static String of(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message is null: a null message needs an explicit selector");
        }
        return of(message.getClass());
    }

    /** {@code cmd.<SimpleTypeName>}. */
    public static String of(Class<?> type) {
        return "cmd." + type.getSimpleName();
    }

    /**
     * Checks a selector.
     *
     * @throws IllegalArgumentException naming the selector and what is wrong with it
     */
    public static String checkSelector(String selector) {
        if (selector == null || selector.isEmpty()) {
            throw new IllegalArgumentException("selector is required");
        }
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == ' ' || c == '@' || isLineBreaking(c)) {
                throw new IllegalArgumentException("Illegal character " + describe(c) + " in selector '"
                        + printable(selector) + "'");
            }
        }
        if (selector.indexOf('.') <= 0) {
            throw new IllegalArgumentException("Invalid selector '" + printable(selector)
                    + "': expected <op>.<target>, e.g. cmd.chat");
        }
        return selector;
    }

    /** True if {@code channel} is a valid channel name. */
    public static boolean isValidChannel(String channel) {
        return channelProblem(channel) == null;
    }

    /**
     * Checks a channel name.
     *
     * @throws IllegalArgumentException naming the channel and what is wrong with it
     */
    public static String checkChannel(String channel) {
        String problem = channelProblem(channel);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return channel;
    }

    /**
     * Checks every channel of a channel-change request.
     *
     * @return the channels as a list
     * @throws NullPointerException if {@code channels} is null
     * @throws IllegalArgumentException naming the first invalid channel
     */
    public static java.util.List<String> checkChannels(String... channels) {
        java.util.Objects.requireNonNull(channels, "channels");
        java.util.List<String> list = java.util.Arrays.asList(channels);
        list.forEach(Selectors::checkChannel);
        return list;
    }

    /** Null if valid, else a one-line explanation naming the channel. */
    public static String channelProblem(String channel) {
        if (channel == null || channel.isEmpty()) {
            return "Invalid channel '': channel names must not be empty";
        }
        if (channel.length() > MAX_CHANNEL_LENGTH) {
            return "Invalid channel '" + printable(channel.substring(0, 40)) + "...': longer than "
                    + MAX_CHANNEL_LENGTH + " characters (" + channel.length() + ")";
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c == ',' || c == '@' || c == ' ' || isLineBreaking(c)) {
                return "Invalid channel '" + printable(channel) + "': illegal character " + describe(c);
            }
        }
        return null;
    }

    /**
     * Whether {@code c} is a control character (Unicode category Cc: U+0000-U+001F, U+007F-U+009F, so CR, LF,
     * NUL and NEL U+0085 among them) or the line or paragraph separator (U+2028, U+2029). None of these may
     * appear in text written outside a JSON body: some SSE consumers (JavaScript regular expressions,
     * Python's {@code splitlines()}) treat each of them as the end of a line.
     */
    public static boolean isLineBreaking(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    /**
     * Checks a name written outside the JSON body or used as a routing key (a user id, user name, session or
     * subscription id given to a {@code notify*} call).
     *
     * @param field the name of the argument, for the message
     * @throws IllegalArgumentException if it is null, empty, or holds a {@link #isLineBreaking line-breaking}
     *                                  character
     */
    public static String checkName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isLineBreaking(c)) {
                throw new IllegalArgumentException("Illegal character " + describe(c) + " in " + field + " '"
                        + printable(value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
            }
        }
        return value;
    }

    /** Text with {@link #isLineBreaking line-breaking} characters shown as {@code \\uXXXX}, safe for a log line or an HTTP reason. */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineBreaking(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String describe(char c) {
        return isLineBreaking(c) ? String.format("\\u%04x", (int) c) : "'" + c + "'";
    }
}

package io.herald;

/**
 * Rules for selectors ({@code op.target[$css]}) and channel names, shared by every back-end.
 *
 * <p>A selector must contain a {@code .}, must not contain a space, {@code @}, or any control character
 * (anything below U+0020, and U+007F). A channel name must be 1 to 256 characters with no {@code ,},
 * {@code @}, space or control character.
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
            if (c == ' ' || c == '@' || c < 0x20 || c == 0x7f) {
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
            if (c == ',' || c == '@' || c == ' ' || c < 0x20 || c == 0x7f) {
                return "Invalid channel '" + printable(channel) + "': illegal character " + describe(c);
            }
        }
        return null;
    }

    /** Text with control characters shown as {@code \\uXXXX}, safe for a log line or an HTTP reason. */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : "'" + c + "'";
    }
}

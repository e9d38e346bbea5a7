package io.herald.chat;

/**
 * A command-line flag the chat cannot use. The message is one line naming the flag and the value, meant
 * to be printed as is before exiting with a non-zero status.
 */
public final class ChatOptionsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ChatOptionsException(String message) {
        super(message);
    }
}

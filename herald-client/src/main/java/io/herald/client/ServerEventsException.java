package io.herald.client;

/**
 * A problem the client reports through {@code onException} or throws from its blocking calls: a bad
 * frame, a failed deserialisation, a receiver that threw, a lost connection.
 */
public class ServerEventsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the value involved */
    public ServerEventsException(String message) {
        super(message);
    }

    /** @param message what went wrong, naming the value involved; @param cause the underlying error */
    public ServerEventsException(String message, Throwable cause) {
        super(message, cause);
    }
}

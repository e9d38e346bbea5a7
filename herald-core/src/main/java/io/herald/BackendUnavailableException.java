package io.herald;

/**
 * Thrown when the back-end cannot do what was asked right now: a distributed back-end lost its store (Redis
 * down, a Cluster failing over). The message names the back-end and the cause, for example
 * {@code Redis at 127.0.0.1:6379 unavailable: Connection refused}. Transports answer it with
 * {@code 503 Service Unavailable} and a {@code Retry-After} header; nothing was done, so the caller may retry.
 *
 * <p>A subclass of {@link IllegalStateException}, so code written against the older contract
 * ("a back-end that cannot route throws IllegalStateException") keeps working.
 */
public class BackendUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    /**
     * @param message           names the back-end and the cause
     * @param retryAfterSeconds a hint for clients, at least 1
     */
    public BackendUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    /** Seconds a client should wait before retrying (the {@code Retry-After} header); at least 1. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

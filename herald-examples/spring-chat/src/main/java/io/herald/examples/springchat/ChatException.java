package io.herald.examples.springchat;

import org.springframework.http.HttpStatus;

/** A request the chat refuses: answered with this status and ServiceStack's error body. */
final class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;

    ChatException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static ChatException badRequest(String message) {
        return new ChatException(HttpStatus.BAD_REQUEST, message);
    }

    static ChatException notFound(String message) {
        return new ChatException(HttpStatus.NOT_FOUND, message);
    }
}

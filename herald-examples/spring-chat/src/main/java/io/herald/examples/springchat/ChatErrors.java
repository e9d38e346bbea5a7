package io.herald.examples.springchat;

import io.herald.BackendUnavailableException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors as the page (and ServiceStack's clients) read them: {@code {"responseStatus":{"errorCode","message"}}}
 * with a 4xx status naming the field, or 503 while Redis is down; never a stack trace or a Java type.
 */
@RestControllerAdvice
class ChatErrors {

    @ExceptionHandler(ChatException.class)
    ResponseEntity<Map<String, Object>> refused(ChatException e) {
        return body(e.status(), e.getMessage());
    }

    /** Herald refuses unsafe selectors, channels and names with messages written for the caller. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> invalid(IllegalArgumentException e) {
        return body(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        String kind = e.getRequiredType() == Integer.class || e.getRequiredType() == Long.class ? "a whole number"
                : "a valid value";
        String value = String.valueOf(e.getValue());
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return body(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' must be " + kind + ", got '"
                + io.herald.Selectors.printable(shown) + "'");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return body(HttpStatus.BAD_REQUEST, "'" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(BackendUnavailableException.class)
    ResponseEntity<Map<String, Object>> unavailable(BackendUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
                .body(error("ServiceUnavailable", e.getMessage()));
    }

    static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(error(code(status), message));
    }

    static Map<String, Object> error(String code, String message) {
        return Map.of("responseStatus", Map.of("errorCode", code, "message", message == null ? code : message));
    }

    private static String code(HttpStatus status) {
        return status.getReasonPhrase().replace(" ", "");
    }
}

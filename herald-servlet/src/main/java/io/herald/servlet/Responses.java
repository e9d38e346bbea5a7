package io.herald.servlet;

import io.herald.http.HttpError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes complete responses, including ServiceStack-style errors
 * ({@code {"responseStatus":{"errorCode":"...","message":"..."}}}).
 *
 * <p>Servlet 6 cannot set a reason phrase (and Tomcat never sends one), so the message an error would carry
 * there goes in the {@value #STATUS_DESCRIPTION} header instead, cleaned the way a reason phrase is: one
 * line of printable ASCII, at most 200 characters. It is the only place the message travels when an error
 * has no body (heartbeat errors, as ServiceStack answers them).
 */
final class Responses {

    /** The header that carries an error's message, where other transports use the reason phrase. */
    static final String STATUS_DESCRIPTION = "X-Status-Description";
    static final String JSON = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** Sends a complete response (blocking write on the container thread; bodies here are small). */
    static void send(HttpServletResponse res, String method, int status, String reason, Map<String, String> headers,
                     byte[] body) {
        res.setStatus(status);
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                setHeader(res, name, value);
            }
        });
        if (status >= 400 && reason != null) {
            String description = printable(reason);
            if (!description.isEmpty()) {
                res.setHeader(STATUS_DESCRIPTION, description);
            }
        }
        res.setContentLength(body.length);
        try {
            if (body.length > 0 && !"HEAD".equals(method)) {
                res.getOutputStream().write(body);
            }
            res.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not send the response", e);
        }
    }

    /** An error: status, {@value #STATUS_DESCRIPTION}, and the JSON body unless {@code emptyBody}. */
    static void error(HttpServletResponse res, String method, int status, String errorCode, String message,
                      boolean emptyBody, Map<String, String> headers) {
        res.reset(); // nothing was committed: drop whatever a handler set before it threw
        java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>(headers);
        byte[] body = new byte[0];
        if (!emptyBody) {
            all.put("Content-Type", JSON);
            body = HttpError.jsonBody(errorCode, message).getBytes(StandardCharsets.UTF_8);
        }
        send(res, method, status, message, all, body);
    }

    /** Sets a header unless its name or value could break the header block; such a header is dropped and logged. */
    static void setHeader(HttpServletResponse res, String name, String value) {
        if (!isToken(name) || value == null || !isFieldValue(value)) {
            LOG.warn("Dropped invalid response header {}", printable(String.valueOf(name)));
            return;
        }
        res.setHeader(name, value);
    }

    /** One line of printable ASCII, at most 200 characters: what may stand where a reason phrase would. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : c > 0x7f ? '?' : ' ');
        }
        return sb.toString().trim();
    }

    private static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}

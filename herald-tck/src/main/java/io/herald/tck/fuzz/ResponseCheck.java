package io.herald.tck.fuzz;

import io.herald.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every answer must satisfy, whatever was sent: no 5xx; a reason phrase and header values of
 * printable ASCII only; no header the request tried to forge; no Java class name, exception name, Jackson
 * token or stack trace anywhere; a JSON error body that parses and carries a message; and, for path
 * traversal, a refusal rather than a file.
 */
final class ResponseCheck {

    /** Signs of Java internals. The ServiceStack {@code errorCode} values (e.g. {@code ArgumentException}) are protocol, not leaks, and are removed first. */
    static final Pattern LEAK = Pattern.compile(
            "\\b(?:java|javax|jdk|sun)\\.[a-z]+\\."
            + "|\\bio\\.netty\\.|\\bcom\\.fasterxml\\.|\\btools\\.jackson\\.|\\bio\\.herald\\.[a-z.]*[A-Z]"
            + "|JsonToken|\\bSTART_(?:ARRAY|OBJECT)\\b|\\bVALUE_(?:STRING|NUMBER_INT|NUMBER_FLOAT|NULL|TRUE|FALSE)\\b"
            + "|Cannot deserialize|Cannot construct instance|\\[Source:|StreamReadFeature"
            + "|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b|\\bat [a-z][\\w$]*(?:\\.[\\w$]+)+\\(|Caused by:");

    private static final Pattern ERROR_CODE = Pattern.compile("\"errorCode\":\"[A-Za-z]*\"");

    private ResponseCheck() {
    }

    /** Every rule {@code reply} breaks, as one-line descriptions; empty when it is fine. */
    static List<String> problems(FuzzCase c, FuzzClient.Reply reply) {
        return problems(c, reply, ContainerAnswers.NONE);
    }

    /** As above, accepting what the container answers to malformed requests by itself. */
    static List<String> problems(FuzzCase c, FuzzClient.Reply reply, ContainerAnswers container) {
        List<String> problems = new ArrayList<>();
        boolean malformed = c.category().equals("malformed");
        // request lines the container cannot read (malformed, too long, raw bytes in the target)
        boolean unparsable = malformed || c.category().equals("oversized") || c.category().equals("encoding");
        if (unparsable && container.http09() && reply.answered() && !reply.statusLine().startsWith("HTTP/")) {
            return problems; // a request line the container read as HTTP/0.9, answered in HTTP/0.9 (no status line)
        }
        if (!reply.answered()) {
            if (c.expect() != FuzzCase.Expect.ANY) {
                problems.add(reply.problem());
            }
            return problems;
        }
        if (reply.status() < 100 || reply.status() > 599) {
            problems.add("unreadable status line: " + printable(reply.statusLine()));
            return problems;
        }
        // 505 is the right answer to a request line whose HTTP version the server does not speak (some containers'
        // parsers give it before any application code runs); every other 5xx is a fault
        boolean badVersion = reply.status() == 505 && malformed;
        boolean containers = malformed && container.statuses().contains(reply.status());
        if (reply.status() >= 500 && !badVersion && !containers) {
            problems.add("answered " + reply.status() + ": " + printable(reply.statusLine()) + " " + printable(reply.text()));
        }
        if (c.expect() == FuzzCase.Expect.REFUSAL && (reply.status() < 400 || reply.status() > 499)) {
            problems.add("path traversal answered " + reply.status() + " instead of a 4xx: " + printable(head(reply.text())));
        }
        if (!reply.reason().chars().allMatch(ch -> ch == '\t' || ch >= 0x20 && ch < 0x7f)) {
            problems.add("reason phrase has a byte outside printable ASCII: " + printable(reply.reason()));
        }
        for (String[] h : reply.headers()) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                problems.add("header name is not a token: " + printable(h[0]));
            }
            if (!h[1].chars().allMatch(ch -> ch == '\t' || ch >= 0x20 && ch < 0x7f)) {
                problems.add("header " + h[0] + " has a byte outside printable ASCII: " + printable(h[1]));
            }
            // An injection that worked shows as a header of its own ("event: forged" on a line of its own); a
            // value that quotes the hostile text (escaped, checked above) is not one.
            if (name.contains("forged") || name.equals("event") || name.equals("data")
                    || h[1].toLowerCase(Locale.ROOT).equals("forged")) {
                problems.add("forged header came back: " + printable(h[0] + ": " + h[1]));
            }
        }
        String leakIn = ERROR_CODE.matcher(reply.text()).replaceAll("\"errorCode\":\"\"") + "\n" + reply.reason();
        Matcher leak = LEAK.matcher(leakIn);
        if (leak.find()) {
            problems.add("Java internals in the answer ('" + printable(leak.group()) + "'): " + printable(head(leakIn)));
        }
        String type = reply.header("Content-Type");
        if (reply.status() >= 400 && type != null && type.startsWith("application/json") && reply.body().length > 0) {
            problems.addAll(errorBody(reply.text()));
        }
        return problems;
    }

    /** A ServiceStack error body: {@code {"responseStatus":{"errorCode":"...","message":"..."}}} with a message. */
    private static List<String> errorBody(String text) {
        try {
            Object parsed = Json.parse(text);
            if (parsed instanceof Map<?, ?> m && m.get("responseStatus") instanceof Map<?, ?> status
                    && status.get("message") instanceof String message && !message.isBlank()) {
                return List.of();
            }
            return List.of("error body has no responseStatus.message: " + printable(head(text)));
        } catch (IllegalArgumentException e) {
            return List.of("error body is not JSON (" + e.getMessage() + "): " + printable(head(text)));
        }
    }

    private static String head(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Control characters, separators and non-ASCII shown as escapes. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

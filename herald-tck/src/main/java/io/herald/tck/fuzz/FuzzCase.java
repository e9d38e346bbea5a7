package io.herald.tck.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One generated request: the exact bytes to send and what the server owes in return.
 *
 * @param index       position in the run (with the seed, enough to generate the same case again)
 * @param category    the family of attack, e.g. {@code json-shape} or {@code traversal}
 * @param description one line saying what was changed
 * @param bytes       the request as sent
 * @param expect      what must come back
 * @param head        whether the method is HEAD (the answer then has no body)
 */
record FuzzCase(int index, String category, String description, byte[] bytes, Expect expect, boolean head) {

    /** What the server owes. */
    enum Expect {
        /** A complete answer below 500. */
        ANSWER,
        /** A complete 4xx answer (path traversal: nothing outside the static root may be served). */
        REFUSAL,
        /** Nothing in particular: the request is cut short or the client goes away; any answer is still checked. */
        ANY
    }

    /** The request with every byte outside printable ASCII shown as an escape, for a failure message. */
    String shown() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(bytes.length, 600);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > n) {
            sb.append("... (").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "#" + index + " [" + category + "] " + description + ": " + shown();
    }

    /** The first line, for short reports. */
    String requestLine() {
        String s = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        int end = s.indexOf('\n');
        return end < 0 ? s : s.substring(0, end);
    }
}

package io.herald.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental Server-Sent Events parser following the WHATWG "event stream interpretation" rules.
 *
 * <p>Bytes may be fed in chunks split anywhere, including in the middle of a line terminator or of a
 * multi-byte UTF-8 character. The parser understands LF, CR and CRLF line endings, strips one leading
 * byte order mark, ignores comment lines ({@code :...}), treats a line without a colon as a field name
 * with an empty value, joins multi-line {@code data} with LF, ignores an {@code id} holding NUL and a
 * {@code retry} that is not all ASCII digits, and discards an unterminated event at end of stream.
 *
 * <p>Protection against hostile input: a line longer than {@code maxLineBytes} bytes, or an event whose
 * data grows beyond that size, is reported through {@link Listener#onError(String)} and dropped (the
 * rest of the line and the whole event are skipped); parsing then continues with the next line. Invalid
 * UTF-8 is reported once per line and decoded with U+FFFD replacement characters. No input makes
 * {@link #feed} throw (except a {@link Listener} that throws itself).
 *
 * <p>Not thread-safe: feed one stream from one thread at a time (the client does so per connection).
 */
public final class SseParser {

    /** Receives what the parser finds, in stream order, on the thread that calls {@link #feed}. */
    public interface Listener {
        /**
         * A complete event.
         *
         * @param lastEventId the last event id seen on the stream so far (may be empty, never null)
         * @param eventType the {@code event} field, or {@code "message"} when none was given
         * @param data the data lines joined with LF (never null, may be empty only if a data line was empty)
         */
        void onEvent(String lastEventId, String eventType, String data);

        /** A valid {@code retry} field: the server's reconnection time in milliseconds. */
        default void onRetry(long reconnectMillis) {
        }

        /** Input that was skipped or repaired (overlong line, invalid UTF-8). Parsing goes on. */
        default void onError(String message) {
        }
    }

    private static final int INITIAL_BUFFER = 256;

    private final Listener listener;
    private final int maxLineBytes;
    private final CharsetDecoder strictDecoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] line = new byte[INITIAL_BUFFER];
    private int lineLength;
    /** True while skipping the remainder of an overlong line. */
    private boolean skippingLine;
    /** True when the previous byte was CR, so a following LF belongs to the same terminator. */
    private boolean afterCr;
    /** True until the first line has been decoded: only there a BOM is stripped. */
    private boolean atStreamStart = true;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId;
    /** Set when part of the current event was dropped, so the event is discarded at its end. */
    private boolean eventCorrupt;

    /**
     * @param maxLineBytes the longest line (and largest event data) accepted, in bytes; at least 16
     * @param initialLastEventId the last event id of a previous connection, or {@code ""}
     * @param listener receives events, retry values and errors
     * @throws IllegalArgumentException if {@code maxLineBytes < 16}
     */
    public SseParser(int maxLineBytes, String initialLastEventId, Listener listener) {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be >= 16: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.lastEventId = Objects.requireNonNull(initialLastEventId, "initialLastEventId");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The last event id buffer: the value of the latest accepted {@code id} field, or the initial one. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Feeds all remaining bytes of {@code buffer} (its position moves to its limit). */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int start = buffer.arrayOffset() + buffer.position();
            feed(buffer.array(), start, buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            feed(copy, 0, copy.length);
        }
    }

    /** Feeds {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // second half of CRLF: the line was already ended by CR
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                append(b);
            }
        }
    }

    /**
     * Signals the end of the stream. A pending line without terminator and an event without its
     * blank line are discarded, as the WHATWG rules require; the parser is reset for a new stream
     * (keeping the last event id).
     */
    public void end() {
        lineLength = 0;
        skippingLine = false;
        afterCr = false;
        atStreamStart = true;
        resetEvent();
    }

    private void append(byte b) {
        if (skippingLine) {
            return;
        }
        if (lineLength == maxLineBytes) {
            skippingLine = true;
            eventCorrupt = true;
            lineLength = 0;
            shrinkLineBuffer();
            listener.onError("SSE line longer than maxLineLength " + maxLineBytes + " bytes: line and event dropped");
            return;
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private void shrinkLineBuffer() {
        // An attacker's one huge line should not pin a large array for the life of the connection.
        if (line.length > 64 * 1024) {
            line = new byte[INITIAL_BUFFER];
        }
    }

    private void endLine() {
        if (skippingLine) {
            skippingLine = false;
            atStreamStart = false;
            return;
        }
        String text = decode();
        lineLength = 0;
        shrinkLineBuffer();
        processLine(text);
    }

    private String decode() {
        ByteBuffer in = ByteBuffer.wrap(line, 0, lineLength);
        String text;
        try {
            CharBuffer out = strictDecoder.reset().decode(in);
            text = out.toString();
        } catch (CharacterCodingException e) {
            listener.onError("invalid UTF-8 in SSE line: replaced with U+FFFD");
            text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        }
        if (atStreamStart) {
            atStreamStart = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        return text;
    }

    private void processLine(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // comment
        }
        int colon = text.indexOf(':');
        String field;
        String value;
        if (colon < 0) {
            field = text;
            value = "";
        } else {
            field = text.substring(0, colon);
            int valueStart = colon + 1;
            if (valueStart < text.length() && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            value = text.substring(valueStart);
        }
        switch (field) {
            case "event":
                eventType = value;
                break;
            case "data":
                if (data.length() + value.length() + 1 > maxLineBytes) {
                    if (!eventCorrupt) {
                        listener.onError("SSE event data longer than maxLineLength " + maxLineBytes + ": event dropped");
                    }
                    eventCorrupt = true;
                    data.setLength(0);
                    break;
                }
                if (!eventCorrupt) {
                    data.append(value).append('\n');
                    hasData = true;
                }
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            case "retry":
                if (isAsciiDigits(value)) {
                    try {
                        listener.onRetry(Long.parseLong(value));
                    } catch (NumberFormatException tooLarge) {
                        listener.onError("SSE retry value out of range: " + value);
                    }
                }
                break;
            default:
                break; // unknown fields are ignored
        }
    }

    private static boolean isAsciiDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private void dispatch() {
        if (eventCorrupt || !hasData) {
            resetEvent();
            return;
        }
        data.setLength(data.length() - 1); // the trailing LF added after the last data line
        String type = eventType.isEmpty() ? "message" : eventType;
        String payload = data.toString();
        resetEvent();
        listener.onEvent(lastEventId, type, payload);
    }

    private void resetEvent() {
        data.setLength(0);
        if (data.capacity() > 64 * 1024) {
            data.trimToSize();
        }
        hasData = false;
        eventType = "";
        eventCorrupt = false;
    }
}

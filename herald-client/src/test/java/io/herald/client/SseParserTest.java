package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WHATWG event-stream interpretation, every case fed in one piece, byte by byte and split at every
 * possible position (so CRLF and multi-byte UTF-8 characters are cut everywhere).
 */
class SseParserTest {

    /** Records what the parser reports, as comparable strings. */
    static final class Recorder implements SseParser.Listener {
        final List<String> events = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void onEvent(String lastEventId, String eventType, String data) {
            events.add("id=" + lastEventId + " type=" + eventType + " data=" + data);
        }

        @Override
        public void onRetry(long reconnectMillis) {
            events.add("retry=" + reconnectMillis);
        }

        @Override
        public void onError(String message) {
            errors.add(message);
        }
    }

    private static final int MAX = 64;

    /** Parses {@code input} in every feeding mode and asserts they all agree; returns the one-piece result. */
    private static Recorder parse(byte[] input) {
        Recorder whole = new Recorder();
        SseParser p = new SseParser(MAX, "", whole);
        p.feed(input, 0, input.length);
        p.end();

        Recorder bytewise = new Recorder();
        SseParser b = new SseParser(MAX, "", bytewise);
        for (byte x : input) {
            b.feed(new byte[] {x}, 0, 1);
        }
        b.end();
        assertThat(bytewise.events).as("byte by byte").isEqualTo(whole.events);
        assertThat(bytewise.errors).as("byte by byte errors").isEqualTo(whole.errors);

        for (int split = 1; split < input.length; split++) {
            Recorder r = new Recorder();
            SseParser s = new SseParser(MAX, "", r);
            s.feed(ByteBuffer.wrap(input, 0, split).slice());
            s.feed(ByteBuffer.wrap(input, split, input.length - split).slice());
            s.end();
            assertThat(r.events).as("split at %d", split).isEqualTo(whole.events);
            assertThat(r.errors).as("split at %d errors", split).isEqualTo(whole.errors);
        }
        return whole;
    }

    private static Recorder parse(String input) {
        return parse(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void serviceStackFrames() {
        Recorder r = parse("id: 1\ndata: cmd.onConnect {\"id\":\"abc\"}\n\nid: 2\ndata: home@cmd.chat {\"m\":1}\n\n");
        assertThat(r.events).containsExactly(
                "id=1 type=message data=cmd.onConnect {\"id\":\"abc\"}",
                "id=2 type=message data=home@cmd.chat {\"m\":1}");
        assertThat(r.errors).isEmpty();
    }

    @Test
    void lineEndingsLfCrAndCrlfAreEquivalent() {
        String lf = "id: 7\ndata: a\n\ndata: b\n\n";
        List<String> expected = List.of("id=7 type=message data=a", "id=7 type=message data=b");
        assertThat(parse(lf).events).isEqualTo(expected);
        assertThat(parse(lf.replace("\n", "\r\n")).events).isEqualTo(expected);
        assertThat(parse(lf.replace("\n", "\r")).events).isEqualTo(expected);
        assertThat(parse("id: 7\r\ndata: a\r\rdata: b\n\r\n").events).isEqualTo(expected);
    }

    @Test
    void leadingBomIsStrippedOnce() {
        assertThat(parse("\uFEFFdata: x\n\n").events).containsExactly("id= type=message data=x");
        // A second BOM is part of the field name "\uFEFFdata", an unknown field.
        assertThat(parse("\uFEFFdata: x\n\n\uFEFFdata: y\n\n").events).containsExactly("id= type=message data=x");
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertThat(parse(": comment\nfoo: bar\n:\ndata: x\n: another\n\n").events)
                .containsExactly("id= type=message data=x");
    }

    @Test
    void fieldWithoutColonHasEmptyValue() {
        assertThat(parse("data\n\n").events).containsExactly("id= type=message data=");
        assertThat(parse("data\ndata\n\n").events).containsExactly("id= type=message data=\n");
        assertThat(parse("id\ndata: x\n\n").events).containsExactly("id= type=message data=x");
    }

    @Test
    void onlyOneSpaceAfterColonIsRemoved() {
        assertThat(parse("data:a\n\ndata:  b\n\ndata: c:d\n\n").events).containsExactly(
                "id= type=message data=a", "id= type=message data= b", "id= type=message data=c:d");
    }

    @Test
    void multiLineDataIsJoinedWithLf() {
        assertThat(parse("data: a\ndata: b\r\ndata: c\n\n").events).containsExactly("id= type=message data=a\nb\nc");
    }

    @Test
    void eventTypeAppliesToOneEvent() {
        assertThat(parse("event: foo\ndata: x\n\ndata: y\n\n").events)
                .containsExactly("id= type=foo data=x", "id= type=message data=y");
    }

    @Test
    void idPersistsAndIdWithNulIsIgnored() {
        assertThat(parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\nid\ndata: d\n\n").events)
                .containsExactly("id=1 type=message data=a", "id=1 type=message data=b",
                        "id=1 type=message data=c", "id= type=message data=d");
    }

    @Test
    void idWithoutDataUpdatesLastEventIdButDispatchesNothing() {
        Recorder r = new Recorder();
        SseParser p = new SseParser(MAX, "", r);
        byte[] in = "id: 5\n\n".getBytes(StandardCharsets.UTF_8);
        p.feed(in, 0, in.length);
        assertThat(r.events).isEmpty();
        assertThat(p.lastEventId()).isEqualTo("5");
    }

    @Test
    void initialLastEventIdIsReported() {
        Recorder r = new Recorder();
        SseParser p = new SseParser(MAX, "41", r);
        byte[] in = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        p.feed(in, 0, in.length);
        assertThat(r.events).containsExactly("id=41 type=message data=x");
    }

    @Test
    void retryAcceptsOnlyAsciiDigits() {
        assertThat(parse("retry: 1500\nretry: 15a\nretry: \nretry: -1\nretry:  2\nretry:٣\nretry:0\n").events)
                .containsExactly("retry=1500", "retry=0");
        Recorder huge = parse("retry: 99999999999999999999999\n");
        assertThat(huge.events).isEmpty();
        assertThat(huge.errors).hasSize(1);
    }

    @Test
    void unterminatedEventAtEndOfStreamIsDiscarded() {
        assertThat(parse("data: x\n").events).isEmpty();
        assertThat(parse("data: x").events).isEmpty();
        assertThat(parse("data: a\n\ndata: b\n").events).containsExactly("id= type=message data=a");
    }

    @Test
    void multiByteUtf8SurvivesEverySplit() {
        assertThat(parse("data: héllo € 𝄞 日本\n\n").events).containsExactly("id= type=message data=héllo € 𝄞 日本");
    }

    @Test
    void invalidUtf8IsReplacedAndReported() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("data: a".getBytes(StandardCharsets.UTF_8));
        out.write(0xFF);
        out.write(0xC3); // lone lead byte
        out.writeBytes("b\n\ndata: ok\n\n".getBytes(StandardCharsets.UTF_8));
        Recorder r = parse(out.toByteArray());
        assertThat(r.events).containsExactly("id= type=message data=a\uFFFD\uFFFDb", "id= type=message data=ok");
        assertThat(r.errors).hasSize(1).allMatch(e -> e.contains("UTF-8"));
    }

    @Test
    void overlongLineIsReportedAndItsEventDropped() {
        String longLine = "data: " + "x".repeat(200);
        Recorder r = parse(longLine + "\nid: 3\n\ndata: ok\n\n");
        assertThat(r.events).containsExactly("id=3 type=message data=ok");
        assertThat(r.errors).hasSize(1).allMatch(e -> e.contains("maxLineLength"));
    }

    @Test
    void lineOfExactlyMaxBytesIsAccepted() {
        String line = "data: " + "y".repeat(MAX - 6);
        assertThat(line.length()).isEqualTo(MAX);
        assertThat(parse(line + "\n\n").events).containsExactly("id= type=message data=" + "y".repeat(MAX - 6));
        assertThat(parse(line + "y\n\n").errors).hasSize(1);
    }

    @Test
    void overlongEventDataIsReportedOnceAndDropped() {
        String lines = "data: 0123456789\n".repeat(10);
        Recorder r = parse(lines + "\ndata: next\n\n");
        assertThat(r.events).containsExactly("id= type=message data=next");
        assertThat(r.errors).hasSize(1);
    }

    @Test
    void rejectsTinyLimit() {
        assertThatThrownBy(() -> new SseParser(15, "", new Recorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineBytes").hasMessageContaining("15");
    }

    @Test
    void directByteBuffersAreAccepted() {
        Recorder r = new Recorder();
        SseParser p = new SseParser(MAX, "", r);
        byte[] in = "data: d\n\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(in.length);
        direct.put(in).flip();
        p.feed(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(r.events).containsExactly("id= type=message data=d");
    }
}

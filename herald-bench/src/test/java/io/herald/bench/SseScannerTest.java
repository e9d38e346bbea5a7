package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseScannerTest {

    private final List<String> seen = new ArrayList<>();
    private final SseScanner scanner = new SseScanner(new SseScanner.Listener() {
        @Override
        public void onHeaders(int status) {
            seen.add("status " + status);
        }

        @Override
        public void onEvent(long seq, long sentNanos) {
            seen.add(seq + "@" + sentNanos);
        }

        @Override
        public void onFirstData(String line) {
            seen.add("first " + line);
        }
    }, true);

    private void feed(String s) {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
        scanner.feed(b);
        b.release();
    }

    private void feedByteByByte(String s) {
        for (char c : s.toCharArray()) {
            feed(String.valueOf(c));
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    @Test
    void nchanStyleChunkedEventsAreParsed() {
        feed(CHUNKED_HEAD + chunk(": hi\n\n")
                + chunk("id: 1:0\ndata: {\"s\":1,\"t\":123456789,\"p\":\"xxxx\"}\n\n")
                + chunk("id: 2:0\ndata: {\"s\":2,\"t\":-5,\"p\":\"\"}\n\n"));
        assertThat(seen).containsExactly("status 200", "first {\"s\":1,\"t\":123456789,\"p\":\"xxxx\"}",
                "1@123456789", "2@-5");
        assertThat(scanner.isDone()).isFalse();
    }

    @Test
    void serviceStackFrameWithSelectorAndIdentityBody() {
        feed("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n"
                + "id: 1\ndata: cmd.onConnect {\"id\":\"abc\",\"isAuthenticated\":false}\n\n"
                + "id: 2\ndata: c0@cmd.bench {\"s\":7,\"t\":99,\"p\":\"xx\"}\n\n");
        assertThat(seen).containsExactly("status 200",
                "first cmd.onConnect {\"id\":\"abc\",\"isAuthenticated\":false}", "7@99");
    }

    @Test
    void bytesSplitAnywhereGiveTheSameResult() {
        String body = "data: {\"t\":42,\"s\":9001}\r\n\r\n" + "data: {\"s\":9002,\"t\":43}\n\n";
        // chunk boundaries inside a number and inside the "data:" prefix
        feedByteByByte(CHUNKED_HEAD + chunk(body.substring(0, 17)) + chunk(body.substring(17, 31)) + chunk(body.substring(31)));
        assertThat(seen).containsExactly("status 200", "first {\"t\":42,\"s\":9001}", "9001@42", "9002@43");
    }

    @Test
    void linesWithoutBothFieldsAndNonDataLinesAreIgnored() {
        feed(CHUNKED_HEAD + chunk("data: {\"s\":1}\n\nid: {\"s\":2,\"t\":3}\n: {\"s\":4,\"t\":5}\nxdata: {\"s\":6,\"t\":7}\n\n"));
        assertThat(seen).containsExactly("status 200", "first {\"s\":1}");
    }

    @Test
    void firstKeyOfALineWinsOverLaterOnes() {
        feed(CHUNKED_HEAD + chunk("data: x\n\ndata: {\"s\":1,\"t\":2,\"p\":{\"s\":99,\"t\":98}}\n\n"));
        assertThat(seen).containsExactly("status 200", "first x", "1@2");
    }

    @Test
    void nonOkStatusEndsTheStream() {
        feed("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        assertThat(seen).containsExactly("status 403");
        assertThat(scanner.isDone()).isTrue();
    }

    @Test
    void lastChunkEndsTheStream() {
        feed(CHUNKED_HEAD + chunk("data: {\"s\":1,\"t\":2}\n\n") + "0\r\n\r\n");
        assertThat(seen).containsExactly("status 200", "first {\"s\":1,\"t\":2}", "1@2");
        assertThat(scanner.isDone()).isTrue();
    }

    @Test
    void chunkExtensionsAreSkipped() {
        feed(CHUNKED_HEAD + "15;name=value\r\ndata: {\"s\":5,\"t\":6}\n\r\n");
        assertThat(seen).containsExactly("status 200", "first {\"s\":5,\"t\":6}", "5@6");
    }
}

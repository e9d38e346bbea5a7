package io.herald.bench;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Incremental, allocation-free parser for one HTTP/1.1 SSE response as it arrives on a socket.
 *
 * <p>It reads the status line and headers, then the body (chunked or identity), and scans every
 * {@code data:} line for the benchmark payload fields {@code "s":<seq>} and {@code "t":<nanos>}.
 * A data line holding both fields is reported through {@link Listener#onEvent}; every other line
 * (ids, comments, heartbeats, ServiceStack selectors before the JSON) is skipped. Bytes may arrive
 * split anywhere, including inside chunk-size lines and numbers.
 *
 * <p>Why hand-written: the load client must parse about a million events per second on a shared
 * core, so it avoids Netty's HTTP decoder objects and any per-event {@code String}.
 *
 * <p>Not thread-safe: one instance per connection, fed from that connection's event loop.
 */
public final class SseScanner implements ByteProcessor {

    /** Receives what the scanner finds. */
    public interface Listener {
        /** The response head is complete; {@code status} is the HTTP status code. */
        void onHeaders(int status);

        /** A data line carried {@code "s":seq} and {@code "t":sentNanos}. */
        void onEvent(long seq, long sentNanos);

        /**
         * The first data line of the stream (after {@code "data:"}), only when capture was asked for:
         * a ServiceStack server sends {@code cmd.onConnect {...heartbeatUrl...}} there. Called once.
         */
        default void onFirstData(String line) {
        }
    }

    // HTTP-level states
    private static final int STATUS_LINE = 0;
    private static final int HEADER_LINE = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_EXT = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_DATA_END = 5;
    private static final int IDENTITY_BODY = 6;
    private static final int DONE = 7;

    // SSE line states
    private static final int LINE_PREFIX = 0;
    private static final int LINE_DATA = 1;
    private static final int LINE_SKIP = 2;

    private static final byte[] DATA_PREFIX = {'d', 'a', 't', 'a', ':'};
    private static final byte[] CHUNKED_HEADER = "transfer-encoding:chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int QUOTE_S_QUOTE = ('"' << 16) | ('s' << 8) | '"';
    private static final int QUOTE_T_QUOTE = ('"' << 16) | ('t' << 8) | '"';

    private final Listener listener;
    // first data line, captured once per connection (ServiceStack onConnect); null when not wanted
    private StringBuilder firstData;
    private boolean firstDataDone;

    private int httpState = STATUS_LINE;
    private int status;
    private int statusSpaces;
    private int statusDigits;
    private boolean chunked;
    private final byte[] headerLine = new byte[64];
    private int headerLen;
    private boolean headerOverflow;
    private long chunkRemaining;

    private int lineState = LINE_PREFIX;
    private int prefixIdx;
    private int window;
    private int field; // 0 none, 's' or 't' while parsing a number
    private boolean numStarted;
    private boolean numNegative;
    private long num;
    private boolean haveSeq;
    private boolean haveTime;
    private long seq;
    private long time;

    public SseScanner(Listener listener) {
        this(listener, false);
    }

    /** @param captureFirstData report the stream's first data line through {@link Listener#onFirstData} */
    public SseScanner(Listener listener, boolean captureFirstData) {
        this.listener = listener;
        this.firstDataDone = !captureFirstData;
    }

    /** Feeds every readable byte of {@code buf} without changing its reader index. */
    public void feed(ByteBuf buf) {
        buf.forEachByte(this);
    }

    /** True once the response ended (zero-length chunk) or was rejected. */
    public boolean isDone() {
        return httpState == DONE;
    }

    /** HTTP status of the response, 0 before the status line was read. */
    public int status() {
        return status;
    }

    @Override
    public boolean process(byte b) {
        switch (httpState) {
            case STATUS_LINE -> statusByte(b);
            case HEADER_LINE -> headerByte(b);
            case CHUNK_SIZE -> chunkSizeByte(b);
            case CHUNK_EXT -> {
                if (b == '\n') {
                    endChunkSize();
                }
            }
            case CHUNK_DATA -> {
                sseByte(b);
                if (--chunkRemaining == 0) {
                    httpState = CHUNK_DATA_END;
                }
            }
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    httpState = CHUNK_SIZE;
                }
            }
            case IDENTITY_BODY -> sseByte(b);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void statusByte(byte b) {
        if (b == '\n') {
            httpState = HEADER_LINE;
            headerLen = 0;
            headerOverflow = false;
        } else if (b == ' ') {
            statusSpaces++;
        } else if (statusSpaces == 1 && statusDigits < 3 && b >= '0' && b <= '9') {
            status = status * 10 + (b - '0');
            statusDigits++;
        }
    }

    private void headerByte(byte b) {
        if (b == '\r') {
            return;
        }
        if (b != '\n') {
            // keep a lower-cased, space-free copy: enough to recognise "Transfer-Encoding: chunked"
            if (b != ' ' && b != '\t') {
                if (headerLen < headerLine.length) {
                    headerLine[headerLen++] = (byte) Character.toLowerCase(b);
                } else {
                    headerOverflow = true;
                }
            }
            return;
        }
        if (headerLen == 0) {
            listener.onHeaders(status);
            if (status != 200) {
                httpState = DONE;
            } else {
                httpState = chunked ? CHUNK_SIZE : IDENTITY_BODY;
                chunkRemaining = 0;
            }
            return;
        }
        if (!headerOverflow && headerLen == CHUNKED_HEADER.length && startsWith(headerLine, CHUNKED_HEADER)) {
            chunked = true;
        }
        headerLen = 0;
        headerOverflow = false;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void chunkSizeByte(byte b) {
        int d = hex(b);
        if (d >= 0) {
            chunkRemaining = (chunkRemaining << 4) | d;
        } else if (b == '\n') {
            endChunkSize();
        } else if (b == ';') {
            httpState = CHUNK_EXT;
        }
        // '\r' and stray whitespace are ignored
    }

    private void endChunkSize() {
        if (chunkRemaining == 0) {
            httpState = DONE; // last chunk: the server ended the stream
        } else {
            httpState = CHUNK_DATA;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private void sseByte(byte b) {
        if (b == '\n' || b == '\r') {
            endLine();
            return;
        }
        switch (lineState) {
            case LINE_PREFIX -> {
                if (b == DATA_PREFIX[prefixIdx]) {
                    if (++prefixIdx == DATA_PREFIX.length) {
                        lineState = LINE_DATA;
                    }
                } else {
                    lineState = LINE_SKIP;
                }
            }
            case LINE_DATA -> dataByte(b);
            default -> {
            }
        }
    }

    private void dataByte(byte b) {
        if (!firstDataDone) {
            if (firstData == null) {
                firstData = new StringBuilder(512);
            }
            if (firstData.length() < 8192) {
                firstData.append((char) (b & 0xff));
            }
        }
        if (field != 0) {
            if (b >= '0' && b <= '9') {
                num = num * 10 + (b - '0');
                numStarted = true;
                window = (window << 8 | (b & 0xff)) & 0xffffff;
                return;
            }
            if (!numStarted && (b == ' ' || b == '-')) {
                numNegative |= b == '-';
                return;
            }
            if (numStarted) {
                long v = numNegative ? -num : num;
                if (field == 's') {
                    seq = v;
                    haveSeq = true;
                } else {
                    time = v;
                    haveTime = true;
                }
            }
            field = 0;
        }
        if (b == ':') {
            // the first "s"/"t" key of the line wins; later ones (e.g. inside padding) are ignored
            if (window == QUOTE_S_QUOTE && !haveSeq) {
                startNumber('s');
            } else if (window == QUOTE_T_QUOTE && !haveTime) {
                startNumber('t');
            }
        }
        window = (window << 8 | (b & 0xff)) & 0xffffff;
    }

    private void startNumber(int which) {
        field = which;
        num = 0;
        numStarted = false;
        numNegative = false;
    }

    private void endLine() {
        if (lineState == LINE_DATA && !firstDataDone) {
            firstDataDone = true;
            listener.onFirstData(firstData.toString().trim());
            firstData = null;
        }
        if (lineState == LINE_DATA) {
            if (field != 0 && numStarted) {
                dataByte((byte) ' '); // a number running up to the end of line
            }
            if (haveSeq && haveTime) {
                listener.onEvent(seq, time);
            }
        }
        lineState = LINE_PREFIX;
        prefixIdx = 0;
        window = 0;
        field = 0;
        haveSeq = false;
        haveTime = false;
    }
}

package io.herald.tck;

import io.herald.ServerEvents;
import io.herald.ServerEventsOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What every contract class shares: a server per test, started by the back-end's factory method, and
 * clients that are closed after the test.
 *
 * <p>A back-end runs the suite by extending each contract class and implementing
 * {@link #startServer(ServerEventsOptions.Builder)}; nothing else.
 */
public abstract class ContractSupport {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TckServer server;

    /**
     * Starts a Herald server on 127.0.0.1, port 0, with these options and this back-end. The contract
     * may call it more than once per test (a server per test is the norm).
     */
    protected abstract TckServer startServer(ServerEventsOptions.Builder options) throws Exception;

    /** The default server of this test (started on first use with default options). */
    protected TckServer server() throws Exception {
        if (server == null) {
            server = server(b -> { });
        }
        return server;
    }

    /** Starts the server of this test with adjusted options. */
    protected TckServer server(Consumer<ServerEventsOptions.Builder> options) throws Exception {
        ServerEventsOptions.Builder b = ServerEventsOptions.builder();
        options.accept(b);
        TckServer s = startServer(b);
        toClose.add(s);
        if (server == null) {
            server = s;
        }
        return s;
    }

    protected ServerEvents events() throws Exception {
        return server().serverEvents();
    }

    protected String base() throws Exception {
        return server().baseUrl();
    }

    /** Opens a stream on the default server for these channels (comma list; null for none). */
    protected SseTestClient connect(String channels) throws Exception {
        return connect(server(), channels);
    }

    protected SseTestClient connect(TckServer s, String channels) throws IOException {
        String path = channels == null ? "/event-stream" : "/event-stream?channels=" + encode(channels);
        return track(SseTestClient.open(s.baseUrl(), path));
    }

    /** Opens a stream and reads its onConnect and (when notifications are on) its own joins. */
    protected SseTestClient connectAndJoin(String channels) throws Exception {
        SseTestClient c = connect(channels);
        c.expectConnect();
        for (int i = 0; i < channels.split(",").length; i++) {
            c.nextCommand("onJoin");
        }
        return c;
    }

    /**
     * The message of an error response as the default server's transport carries it: the reason phrase
     * where it sends one, else the {@code X-Status-Description} header (see {@link TckServer#sendsReasonPhrases()}).
     */
    protected String statusMessage(RawHttp.Response response) throws Exception {
        return server().sendsReasonPhrases() ? response.reason() : response.header("X-Status-Description");
    }

    protected <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2C", ",");
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        server = null;
    }
}

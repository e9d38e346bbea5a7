package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.http.HttpExchange;
import io.herald.http.HttpHandler;
import io.herald.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines many requests in one write gets every answer, in order, on the same connection, whether
 * they are answered on the I/O thread, by a worker, or both mixed.
 */
class PipeliningIT {

    record Ping(String n) {
    }

    @Test
    void fiveHundredPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").port(0)
                .route("POST", "/ping/{n}", Ping.class, (ctx, req) -> req.n())
                .build();
        assertAnsweredInOrder(server, i -> "/ping/" + i);
    }

    /** Answers {@code /io?n=N} on the I/O thread, as Herald answers heartbeats; {@code /worker?n=N} on a worker. */
    static final class Mixed implements HttpHandler {
        @Override
        public boolean handleOnIoThread(HttpExchange ex) {
            if (!ex.path().equals("/io")) {
                return false;
            }
            ex.respond(HttpResponse.json("\"" + ex.queryParam("n") + "\""));
            return true;
        }

        @Override
        public boolean handle(HttpExchange ex) {
            ex.respond(HttpResponse.json("\"" + ex.queryParam("n") + "\""));
            return true;
        }
    }

    @Test
    void requestsAnsweredOnTheIoThreadAndByWorkersStayInOrder() throws Exception {
        // runs of either kind and single ones alternating: reading pauses for the worker's and not for the others
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").port(0).handler(new Mixed()).build();
        assertAnsweredInOrder(server, i -> (i % 7 < 3 || i % 2 == 0 ? "/io" : "/worker") + "?n=" + i);
    }

    @Test
    void aWorkerExecutorThatRunsOnTheCallingThreadAnswersInOrder() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").port(0).handler(new Mixed())
                .workerExecutor(new CallerRuns()).build();
        assertAnsweredInOrder(server, i -> (i % 3 == 0 ? "/io" : "/worker") + "?n=" + i);
    }

    /** Runs each task at once on the thread that submits it (here the I/O thread). */
    static final class CallerRuns extends AbstractExecutorService {
        private volatile boolean shut;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private static void assertAnsweredInOrder(HeraldServer server, java.util.function.IntFunction<String> target)
            throws Exception {
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                all.append("POST ").append(target.apply(i)).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            }
            socket.getOutputStream().write(all.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int answers = 0;
            while (answers < 500) {
                int n = in.read(buf);
                assertThat(n).as("connection closed after %d answers", answers).isPositive();
                got.write(buf, 0, n);
                answers = got.toString(StandardCharsets.US_ASCII).split("HTTP/1.1 200", -1).length - 1;
            }
            String text = got.toString(StandardCharsets.US_ASCII);
            int last = -1;
            for (int i = 0; i < 500; i++) {
                int at = text.indexOf("\r\n\r\n\"" + i + "\"", last);
                assertThat(at).as("answer %d in order", i).isGreaterThan(last);
                last = at;
            }
        } finally {
            server.stop();
        }
    }
}

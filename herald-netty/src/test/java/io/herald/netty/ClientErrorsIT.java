package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.Statistic;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that fail through the client (requests cut short, resets, bytes that are not HTTP,
 * oversized requests) are counted in {@code herald.http.client.errors}, once per connection, and never
 * logged above DEBUG: the test captures the log (slf4j-simple writes to {@code System.err}, INFO and up
 * in this module) and requires it to stay silent.
 */
class ClientErrorsIT {

    private HeraldServer server;
    private int port;
    private PrintStream realErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = HeraldServer.builder().host("127.0.0.1").maxRequestBytes(1024)
                .route("POST", "/echo", Void.class, (ctx, req) -> "ok")
                .route("GET", "/ping", Void.class, (ctx, req) -> "pong")
                .build();
        port = server.start();
        realErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(realErr);
        server.stop();
    }

    private long clientErrors() {
        return server.statistics().stream().filter(s -> s.meterName().equals("herald.http.client.errors"))
                .mapToLong(Statistic::value).findFirst().orElseThrow();
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private void awaitCount(long expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(clientErrors()).isEqualTo(expected));
    }

    @Test
    void statisticsNameTheCountersAndStartAtZero() {
        List<Statistic> stats = server.statistics();
        assertThat(stats).extracting(Statistic::meterName)
                .containsExactly("herald.http.client.errors", "herald.http.server.errors");
        assertThat(stats).allMatch(s -> s.kind() == Statistic.Kind.COUNTER && s.value() == 0);
    }

    @Test
    void aRequestCutShortIsCountedOnceAndNotLogged() throws Exception {
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.shutdownOutput(); // half-closed: the server reads the end of the stream mid-body
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        awaitCount(1);
        assertThat(logged()).isEmpty();
    }

    @Test
    void aResetIsCountedAndNotLogged() throws Exception {
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoLinger(true, 0); // close sends RST
        }
        awaitCount(1);
        assertThat(logged()).isEmpty();
    }

    @Test
    void bytesThatAreNotHttpGet400AndAreCounted() throws Exception {
        RawHttp.Response garbage = RawHttp.parse(RawHttp.sendRaw(port, "GARBAGE\r\n\r\n"), false);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text()).isEqualTo("{\"responseStatus\":{\"errorCode\":\"BadRequest\",\"message\":\"Malformed HTTP request\"}}");
        awaitCount(1);

        // a TLS ClientHello sent to the plain HTTP port
        byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a};
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write(hello);
            s.getOutputStream().flush();
            s.shutdownOutput();
            String head = RawHttp.readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 400 ");
        }
        awaitCount(2);
        assertThat(logged()).isEmpty();
    }

    @Test
    void oversizedRequestsGetTheirStatusAndAreCounted() throws Exception {
        RawHttp.Response line = RawHttp.parse(RawHttp.sendRaw(port, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), false);
        assertThat(line.status()).isEqualTo(414);
        RawHttp.Response headers = RawHttp.parse(RawHttp.sendRaw(port, "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(20_000) + "\r\n\r\n"), false);
        assertThat(headers.status()).isEqualTo(431);
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000))
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 413 ");
        }
        awaitCount(3);
        assertThat(logged()).isEmpty();
    }

    @Test
    void aNormalCloseIsNotAnError() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.get(port, "/ping").status()).isEqualTo(200);
        }
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.readHead(s.getInputStream())).startsWith("HTTP/1.1 200");
        } // the client closes a kept-alive connection between requests: nothing wrong with that
        assertThat(RawHttp.get(port, "/ping").status()).as("a later request is answered after the close").isEqualTo(200);
        assertThat(clientErrors()).isZero();
        assertThat(logged()).isEmpty();
    }
}

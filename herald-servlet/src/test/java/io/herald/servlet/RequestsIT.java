package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.BackendUnavailableException;
import io.herald.ServerEventsOptions;
import io.herald.http.HttpExchange;
import io.herald.http.HttpHandler;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bodies within and over the limit, every method (the container's favourite ones too), and errors. */
class RequestsIT {

    /** Throws what the path says, to see each exception turned into its response. */
    static final class Thrower implements HttpHandler {
        @Override
        public boolean handle(HttpExchange ex) throws Exception {
            switch (ex.path()) {
                case "/throw/argument" -> throw new IllegalArgumentException("channel 'x y' is not a channel name");
                case "/throw/backend" -> throw new BackendUnavailableException("Redis is unreachable", 7, null);
                case "/throw/bug" -> throw new IllegalStateException("secret internals at com.example.Foo");
                default -> {
                    return false;
                }
            }
        }
    }

    private static Running start(ContainerKind kind) throws Exception {
        return Running.start(kind, ServerEventsOptions.builder(),
                HeraldServletOptions.builder().maxRequestBytes(1024).build(), Container.Setup.root(), new Thrower());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void bodiesUpToTheLimitAreReadAndLargerOnesAre413NamingIt(ContainerKind kind) throws Exception {
        try (Running server = start(kind);
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=a")) {
            c.expectConnect();
            String id = c.subscriptionId();
            RawHttp.Response json = RawHttp.post(server.baseUrl() + "/api/UpdateEventSubscriber", "application/json",
                    "{\"id\":\"" + id + "\",\"subscribeChannels\":[\"b\"]}");
            assertThat(json.status()).isEqualTo(200);
            c.nextCommand("onJoin");

            String big = "SubscribeChannels=" + "c".repeat(2000);
            RawHttp.Response tooLarge = RawHttp.post(c.connectValue("updateSubscriberUrl"),
                    "application/x-www-form-urlencoded", big);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.header("X-Status-Description")).isEqualTo("Request body larger than 1024 bytes (maxRequestBytes)");
            assertThat(tooLarge.text()).contains("\"errorCode\":\"RequestTooLarge\"").contains("1024 bytes");

            // no Content-Length: the limit holds while reading
            try (Socket s = new Socket("127.0.0.1", java.net.URI.create(server.baseUrl()).getPort())) {
                byte[] body = big.getBytes(StandardCharsets.US_ASCII);
                String head = "POST /event-subscribers/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length) + "\r\n";
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(body);
                s.getOutputStream().write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(Sockets.readHead(s.getInputStream())).startsWith("HTTP/1.1 413");
            }
            assertThat(server.feature.serverEvents().getSubscriptionInfo(id).channels()).containsExactly("a", "b");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void everyMethodOnAHeraldPathGetsAClear4xx(ContainerKind kind) throws Exception {
        try (Running server = start(kind)) {
            String base = server.baseUrl();
            for (String method : new String[] {"DELETE", "PUT", "PATCH", "PROPFIND", "FOO"}) {
                RawHttp.Response r = RawHttp.send(method, base + "/event-stream", Map.of(), null, null);
                assertThat(r.status()).as(method).isEqualTo(405);
                assertThat(r.header("X-Status-Description")).as(method)
                        .isEqualTo("Method " + method + " not allowed on /event-stream (allowed: GET)");
                assertThat(r.text()).as(method).contains("\"errorCode\":\"MethodNotAllowed\"");
            }
            // Tomcat refuses TRACE itself before any servlet runs (allowTrace=false): still a 405 that says why
            RawHttp.Response trace = RawHttp.send("TRACE", base + "/event-stream", Map.of(), null, null);
            assertThat(trace.status()).isEqualTo(405);
            assertThat(trace.text()).doesNotContain("event-stream\r\nHost"); // never an echo
            // OPTIONS on a Herald path is a (CORS) preflight: 204 with what is allowed
            RawHttp.Response heartbeat = RawHttp.send("OPTIONS", base + "/event-heartbeat?id=x", Map.of(), null, null);
            assertThat(heartbeat.status()).isEqualTo(204);
            assertThat(heartbeat.header("Allow")).contains("POST");
            RawHttp.Response unknown = RawHttp.send("OPTIONS", base + "/nothing-here", Map.of(), null, null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.header("X-Status-Description")).isEqualTo("Handler for Request not found: OPTIONS /nothing-here");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void exceptionsBecomeTheSameResponsesAsOnEveryTransport(ContainerKind kind) throws Exception {
        try (Running server = start(kind)) {
            RawHttp.Response argument = RawHttp.get(server.baseUrl() + "/throw/argument");
            assertThat(argument.status()).isEqualTo(400);
            assertThat(argument.text()).isEqualTo(
                    "{\"responseStatus\":{\"errorCode\":\"ArgumentException\",\"message\":\"channel 'x y' is not a channel name\"}}");
            RawHttp.Response backend = RawHttp.get(server.baseUrl() + "/throw/backend");
            assertThat(backend.status()).isEqualTo(503);
            assertThat(backend.header("Retry-After")).isEqualTo("7");
            assertThat(backend.header("X-Status-Description")).isEqualTo("Redis is unreachable");
            RawHttp.Response bug = RawHttp.get(server.baseUrl() + "/throw/bug");
            assertThat(bug.status()).isEqualTo(500);
            assertThat(bug.text()).isEqualTo(
                    "{\"responseStatus\":{\"errorCode\":\"InternalServerError\",\"message\":\"Internal Server Error\"}}");
            assertThat(bug.headers().toString()).doesNotContain("secret");
            String query = Sockets.exchange(server.baseUrl(), "GET /event-stream?channels=%zz HTTP/1.1");
            assertThat(query).startsWith("HTTP/1.1 400")
                    .contains("X-Status-Description: Query parameter 'channels' has a malformed %-escape: '%zz'");
        }
    }
}

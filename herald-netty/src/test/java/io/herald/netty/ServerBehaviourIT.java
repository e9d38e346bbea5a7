package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.http.HttpResponse;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-wide behaviour: load shedding, idle connections, malformed input, static files from a jar. */
class ServerBehaviourIT {

    @Test
    void aFullWorkerExecutorAnswers503AndTheInjectedExecutorIsUsed() throws Exception {
        ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").workerExecutor(single)
                .handler(ex -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    ex.respond(HttpResponse.json("{\"thread\":\"" + Thread.currentThread().getName() + "\"}"));
                    return true;
                }).build();
        int port = server.start();
        try (Socket blocked = RawHttp.connect(port)) {
            blocked.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            RawHttp.Response shed = RawHttp.get(port, "/other");
            assertThat(shed.status()).isEqualTo(503);
            assertThat(shed.text()).contains("\"errorCode\":\"ServiceUnavailable\"");
            release.countDown();
            RawHttp.Response slow = RawHttp.parse(blocked.getInputStream().readAllBytes(), false);
            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.text()).contains("pool-"); // the injected pool's thread, not herald-worker
        } finally {
            server.stop();
            assertThat(single.isShutdown()).as("an injected executor is left running").isFalse();
            single.shutdown();
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosed() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").idleTimeout(Duration.ofSeconds(1))
                .route("GET", "/ping", Void.class, (ctx, req) -> "pong").build();
        int port = server.start();
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(new String(RawHttp.readExactly(in, 6), StandardCharsets.UTF_8)).isEqualTo("\"pong\"");
            long start = System.nanoTime();
            assertThat(in.read()).as("the server closes the idle connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            server.stop();
        }
    }

    @Test
    void eventStreamsAreNotClosedForIdleness() throws Exception {
        java.util.concurrent.BlockingQueue<io.herald.http.EventSink> sinks = new java.util.concurrent.LinkedBlockingQueue<>();
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").idleTimeout(Duration.ofSeconds(1))
                .handler(ex -> sinks.add(ex.openEventStream(Map.of("Content-Type", "text/event-stream")))).build();
        int port = server.start();
        try (Socket s = RawHttp.connect(port)) {
            s.getOutputStream().write("GET /event-stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawHttp.readHead(s.getInputStream());
            io.herald.http.EventSink sink = sinks.poll(10, TimeUnit.SECONDS);
            assertThat(sink).isNotNull();
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(15)).until(sink::isOpen);
        } finally {
            server.stop();
        }
    }

    @Test
    void malformedQueryStringIs400() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1")
                .route("GET", "/q", Void.class, (ctx, req) -> "ok").build();
        int port = server.start();
        try {
            assertThat(RawHttp.get(port, "/q?x=%zz").status()).isEqualTo(400);
            assertThat(RawHttp.get(port, "/q?x=%41").status()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void servesStaticFilesFromAJarAndTreatsDirectoriesAsIndexes(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("site.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String[] e : new String[][] {{"site/", null}, {"site/index.html", "<p>jar index</p>"},
                {"site/docs/", null}, {"site/docs/index.html", "<p>docs</p>"}, {"site/app.js", "console.log(1)"},
                {"site/empty/", null}, {"outside.txt", "TOP SECRET"}}) {
                out.putNextEntry(new JarEntry(e[0]));
                if (e[1] != null) {
                    out.write(e[1].getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            HeraldServer server = HeraldServer.builder().host("127.0.0.1").staticFiles("site", loader).build();
            int port = server.start();
            try {
                assertThat(RawHttp.get(port, "/").text()).isEqualTo("<p>jar index</p>");
                RawHttp.Response js = RawHttp.get(port, "/app.js");
                assertThat(js.text()).isEqualTo("console.log(1)");
                assertThat(js.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
                assertThat(RawHttp.get(port, "/docs").text()).isEqualTo("<p>docs</p>");
                assertThat(RawHttp.get(port, "/docs/").text()).isEqualTo("<p>docs</p>");
                assertThat(RawHttp.get(port, "/empty").status()).isEqualTo(404);
                assertThat(RawHttp.get(port, "/%2e%2e/outside.txt").status()).isEqualTo(404);
                // a second read comes from the cache and is identical
                assertThat(RawHttp.get(port, "/app.js").text()).isEqualTo("console.log(1)");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void http10ClientsGetAClosedConnectionAfterTheResponse() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1")
                .route("GET", "/ping", Void.class, (ctx, req) -> Map.of("a", 1)).build();
        int port = server.start();
        try {
            byte[] raw = RawHttp.sendRaw(port, "GET /ping HTTP/1.0\r\n\r\n");
            RawHttp.Response res = RawHttp.parse(raw, false);
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).isEqualTo("{\"a\":1}");
        } finally {
            server.stop();
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> server.openStreamCount() == 0);
    }
}

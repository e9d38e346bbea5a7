package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Small pieces that need no socket: reason phrases, base URLs, content types, builder checks. */
class UnitsTest {

    @Test
    void reasonPhrasesStayOnOneAsciiLine() {
        assertThat(Responses.status(404, "Subscription 'x' does not exist").reasonPhrase())
                .isEqualTo("Subscription 'x' does not exist");
        assertThat(Responses.status(400, "bad\r\nInjected: yes").reasonPhrase()).isEqualTo("bad  Injected: yes");
        assertThat(Responses.status(400, "café").reasonPhrase()).isEqualTo("caf?");
        assertThat(Responses.status(400, "x".repeat(500)).reasonPhrase()).hasSize(200);
        assertThat(Responses.status(418, null).code()).isEqualTo(418);
        assertThat(Responses.status(404, "\r\n").reasonPhrase()).isEqualTo("Not Found");
    }

    @Test
    void baseUrlUsesHostHeaderOnlyWhenItIsAHostName() {
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8080);
        assertThat(RequestData.baseUrl("chat.example.com", local)).isEqualTo("http://chat.example.com");
        assertThat(RequestData.baseUrl("localhost:5000", local)).isEqualTo("http://localhost:5000");
        assertThat(RequestData.baseUrl("[::1]:5000", local)).isEqualTo("http://[::1]:5000");
        assertThat(RequestData.baseUrl(null, local)).isEqualTo("http://127.0.0.1:8080");
        assertThat(RequestData.baseUrl("a\"b", local)).isEqualTo("http://127.0.0.1:8080");
        assertThat(RequestData.baseUrl("evil.com/path?x=", local)).isEqualTo("http://127.0.0.1:8080");
        assertThat(RequestData.baseUrl(null, new InetSocketAddress("::1", 81))).isEqualTo("http://[0:0:0:0:0:0:0:1]:81");
    }

    @Test
    void contentTypesByExtension() {
        assertThat(StaticFiles.contentType("web/index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(StaticFiles.contentType("web/app.JS")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(StaticFiles.contentType("web/img/a.svg")).isEqualTo("image/svg+xml");
        assertThat(StaticFiles.contentType("web/blob")).isEqualTo("application/octet-stream");
    }

    @Test
    void builderRejectsBadSettingsNamingSettingAndValue() {
        HeraldServer.Builder b = HeraldServer.builder();
        assertThatThrownBy(() -> b.port(70000)).hasMessage("port must be between 0 and 65535: 70000");
        assertThatThrownBy(() -> b.host(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> b.workerThreads(0)).hasMessage("workerThreads must be between 1 and 10000: 0");
        assertThatThrownBy(() -> b.writeBufferWaterMark(10, 5)).hasMessageContaining("low=10, high=5");
        assertThatThrownBy(() -> b.idleTimeout(Duration.ofMillis(10))).hasMessageContaining("idleTimeout")
                .hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> b.staticFiles("/")).hasMessageContaining("staticFiles prefix");
        assertThatThrownBy(() -> b.staticFiles("../x")).hasMessageContaining("'../x'");
        assertThatThrownBy(() -> b.route("GET /x", "/x", Void.class, (c, r) -> null))
                .hasMessageContaining("route method").hasMessageContaining("GET /x");
        assertThatThrownBy(() -> b.route("GET", "x", Void.class, (c, r) -> null)).hasMessageContaining("'/'");
        assertThatThrownBy(() -> b.dto("Bad/Name", Void.class, (c, r) -> null)).hasMessageContaining("'Bad/Name'");
        assertThatThrownBy(() -> b.maxInitialLineBytes(10)).hasMessage("maxInitialLineBytes must be >= 256: 10");
    }

    @Test
    void serverStateErrors() {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").build();
        assertThat(server.port()).isEqualTo(-1);
        assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class);
        int port = server.start();
        try {
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThatThrownBy(server::start).hasMessageContaining("already started");
            HeraldServer clash = HeraldServer.builder().host("127.0.0.1").port(port).build();
            assertThatThrownBy(clash::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot bind 127.0.0.1:" + port);
        } finally {
            server.stop();
        }
        server.stop(); // idempotent
        assertThatThrownBy(server::start).hasMessageContaining("stopped");
    }
}

package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StaticFilesIT {

    private static HeraldServer server;
    private static int port;

    @BeforeAll
    static void start() {
        server = HeraldServer.builder().host("127.0.0.1").staticFiles("web/").build();
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void rootServesIndexHtml() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(res.text()).contains("hello from index");
        assertThat(res.header("last-modified")).isNotNull();
        assertThat(RawHttp.get(port, "/index.html").text()).contains("hello from index");
    }

    @Test
    void servesNestedFilesWithContentType() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/css/site.css");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("content-type")).isEqualTo("text/css; charset=utf-8");
        assertThat(res.text()).contains("color: #333");
        assertThat(res.header("content-length")).isEqualTo(String.valueOf(res.body().length));
    }

    @Test
    void headHasNoBodyButTheLength() throws Exception {
        RawHttp.Response res = RawHttp.request(port, "HEAD", "/css/site.css", Map.of(), null);
        assertThat(res.status()).isEqualTo(200);
        assertThat(Integer.parseInt(res.header("content-length"))).isPositive();
    }

    @Test
    void ifModifiedSinceGives304() throws Exception {
        String lastModified = RawHttp.get(port, "/css/site.css").header("last-modified");
        RawHttp.Response res = RawHttp.request(port, "GET", "/css/site.css", Map.of("If-Modified-Since", lastModified), null);
        assertThat(res.status()).isEqualTo(304);
        assertThat(res.body()).isEmpty();
    }

    @Test
    void ifNoneMatchGives304AndAChangedTagGives200() throws Exception {
        RawHttp.Response first = RawHttp.get(port, "/css/site.css");
        String etag = first.header("etag");
        assertThat(etag).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        RawHttp.Response same = RawHttp.request(port, "GET", "/css/site.css", Map.of("If-None-Match", etag), null);
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.header("etag")).isEqualTo(etag);
        RawHttp.Response other = RawHttp.request(port, "GET", "/css/site.css",
                Map.of("If-None-Match", "\"other\"", "If-Modified-Since", first.header("last-modified")), null);
        assertThat(other.status()).as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
    }

    @Test
    void missingFileIs404() throws Exception {
        assertThat(RawHttp.get(port, "/nothing.js").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt", "/css/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..\\secret.txt", "/.%2e/secret.txt", "/../pom.xml",
        "/%2e%2e/%2e%2e/pom.xml", "/css/..%5c..%5csecret.txt", "/.hidden"})
    void traversalAttemptsNeverLeaveThePrefix(String target) throws Exception {
        byte[] raw = RawHttp.sendRaw(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(text).startsWith("HTTP/1.1 4");
        assertThat(text).doesNotContain("TOP SECRET").doesNotContain("<project");
    }

    @Test
    void secretIsOnTheClassPathSoTheTraversalTestMeansSomething() {
        assertThat(getClass().getClassLoader().getResource("secret.txt")).isNotNull();
        assertThat(getClass().getClassLoader().getResource("web/../secret.txt")).isNotNull();
    }
}

package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.http.HttpError;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's pure parts: query strings, forwarding entries, mount prefixes, error bodies, options. */
class UnitsTest {

    @Test
    void queryStringsDecodeLikeTheNettyTransport() {
        Map<String, List<String>> q = QueryString.parse("channels=a,b&channel=c&x=1+2&x=%C3%A9&flag&;semi=1&&");
        assertThat(q).containsEntry("channels", List.of("a,b")).containsEntry("channel", List.of("c"))
                .containsEntry("x", List.of("1 2", "é")).containsEntry("flag", List.of(""))
                .containsEntry(";semi", List.of("1"));
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
    }

    @Test
    void aMalformedEscapeIs400NamingTheParameter() {
        assertThatThrownBy(() -> QueryString.parse("ok=1&channels=a%zz"))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("Query parameter 'channels' has a malformed %-escape: 'a%zz'");
                });
        assertThatThrownBy(() -> QueryString.parse("%0=x")).hasMessageContaining("'%0'");
    }

    @Test
    void atMostAThousandAndTwentyFourParametersAreKept() {
        String many = String.join("&", Collections.nCopies(2000, "p=1"));
        assertThat(QueryString.parse(many).get("p")).hasSize(QueryString.MAX_PARAMS);
    }

    @Test
    void forwardingEntriesSplitOnCommasOutsideQuotes() {
        assertThat(ClientOrigin.values(Collections.enumeration(List.of("a, b", "c,\"d,e\"")))).containsExactly("a", "b",
                "c", "\"d,e\"");
        assertThat(ClientOrigin.values(null)).isEmpty();
        String element = "for=\"[2001:db8::1]:4711\";Proto=https; host=\"x.example:8443\"";
        assertThat(ClientOrigin.parameter(element, "for")).isEqualTo("[2001:db8::1]:4711");
        assertThat(ClientOrigin.parameter(element, "proto")).isEqualTo("https");
        assertThat(ClientOrigin.parameter(element, "host")).isEqualTo("x.example:8443");
        assertThat(ClientOrigin.parameter(element, "by")).isNull();
    }

    @Test
    void onlyIpAddressesAreTakenFromForwardingEntries() {
        assertThat(ClientOrigin.ip("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientOrigin.ip("192.0.2.1:4711")).isEqualTo("192.0.2.1");
        assertThat(ClientOrigin.ip("[2001:db8::1]:4711")).isEqualTo("2001:db8::1");
        assertThat(ClientOrigin.ip("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(ClientOrigin.ip("unknown")).isNull();
        assertThat(ClientOrigin.ip("_hidden")).isNull();
        assertThat(ClientOrigin.ip("1.2.3.4\r\nX: y")).isNull();
        assertThat(ClientOrigin.ip("")).isNull();
        assertThat(ClientOrigin.ip(null)).isNull();
    }

    @Test
    void onlyPlainHostsGoIntoConnectUrls() {
        assertThat(ClientOrigin.safeHost("chat.example.com")).isEqualTo("chat.example.com");
        assertThat(ClientOrigin.safeHost("127.0.0.1:8080")).isEqualTo("127.0.0.1:8080");
        assertThat(ClientOrigin.safeHost("[::1]:8080")).isEqualTo("[::1]:8080");
        assertThat(ClientOrigin.safeHost("evil.example/x?y")).isNull();
        assertThat(ClientOrigin.safeHost("a\"b")).isNull();
        assertThat(ClientOrigin.safeHost("a b")).isNull();
        assertThat(ClientOrigin.safeHost("h:99999999")).isNull();
        assertThat(ClientOrigin.safeHost("")).isNull();
    }

    @Test
    void mountPrefixesArePercentEncodedWhereNeeded() {
        assertThat(Mount.encode("/sse")).isEqualTo("/sse");
        assertThat(Mount.encode("/a b/é")).isEqualTo("/a%20b/%C3%A9");
        assertThat(Mount.encode("/x\"<y>")).isEqualTo("/x%22%3Cy%3E");
    }

    @Test
    void statusDescriptionsAreOnePrintableLine() {
        assertThat(Responses.printable("bad\r\nSet-Cookie: a=b")).isEqualTo("bad  Set-Cookie: a=b");
        assertThat(Responses.printable("café")).isEqualTo("caf?");
        assertThat(Responses.printable("x".repeat(500))).hasSize(200);
    }

    @Test
    void optionsAreCheckedAndNameTheSettingAndValue() {
        HeraldServletOptions o = HeraldServletOptions.builder().maxRequestBytes(0).streamThreads(3).trustedProxies(2)
                .probeInterval(Duration.ZERO).build();
        assertThat(o.maxRequestBytes()).isZero();
        assertThat(o.streamThreads()).isEqualTo(3);
        assertThat(o.trustedProxies()).isEqualTo(2);
        assertThat(o.probeInterval()).isZero();
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
        assertThat(HeraldServletOptions.defaults().probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(HeraldServletOptions.defaults().maxRequestBytes()).isEqualTo(64 * 1024);

        assertThatThrownBy(() -> HeraldServletOptions.builder().maxRequestBytes(-1))
                .hasMessage("maxRequestBytes must be >= 0: -1");
        assertThatThrownBy(() -> HeraldServletOptions.builder().streamThreads(0))
                .hasMessage("streamThreads must be between 1 and 256: 0");
        assertThatThrownBy(() -> HeraldServletOptions.builder().trustedProxies(17))
                .hasMessage("trustedProxies must be between 0 and 16: 17");
        assertThatThrownBy(() -> HeraldServletOptions.builder().probeInterval(Duration.ofMillis(50)))
                .hasMessage("probeInterval must be zero (off) or between 100ms and 1h: PT0.05S");
        assertThat(HeraldServletOptions.defaults().mountPath()).isNull();
        assertThat(HeraldServletOptions.builder().mountPath("").build().mountPath()).isEmpty();
        assertThat(HeraldServletOptions.builder().mountPath("/sse").build().mountPath()).isEqualTo("/sse");
        assertThatThrownBy(() -> HeraldServletOptions.builder().mountPath("/sse/"))
                .hasMessage("mountPath must be empty or start with '/', without a trailing '/' or '*', '?', '#': '/sse/'");
        assertThatThrownBy(() -> HeraldServletOptions.builder().mountPath("sse")).hasMessageContaining("'sse'");
        assertThatThrownBy(() -> HeraldServletOptions.builder().mountPath("/sse/*")).hasMessageContaining("'/sse/*'");
        assertThatThrownBy(() -> HeraldServletOptions.builder().probeInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessage("probeInterval");
    }

    @Test
    void aServletNeedsAHandler() {
        assertThatThrownBy(() -> new HeraldServlet()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one HttpHandler");
    }
}

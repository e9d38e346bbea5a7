package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.Framing;
import io.herald.Liveness;
import io.herald.ServerEventsOptions;
import io.herald.servlet.HeraldServlet;
import io.herald.servlet.HeraldServletOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Every {@code herald.*} property reaches Herald's options, and a value Herald refuses stops the context with a
 * message naming the property and the value.
 */
class HeraldPropertiesTest {

    @Test
    void everyPropertyReachesTheOptions() {
        Runners.web().withPropertyValues(
                "herald.stream-path=/s/stream", "herald.heartbeat-path=/s/beat", "herald.unregister-path=",
                "herald.subscribers-path=/s/subs", "herald.metrics-path=/s/metrics",
                "herald.idle-timeout=45s", "herald.heartbeat-interval=15s", "herald.housekeeping-interval=2s",
                "herald.notify-channel-of-subscriptions=false", "herald.limit-to-authenticated-users=true",
                "herald.validate-user-address=false", "herald.max-queued-bytes=2MB", "herald.max-queued-frames=500",
                "herald.history.size=7", "herald.history.retention=90s", "herald.keepalive-interval=0",
                "herald.retry-interval=3s", "herald.liveness=heartbeats", "herald.default-framing=standard",
                "herald.cors.allowed-origins=https://app.example.com,https://*.example.org",
                "herald.cors.allow-credentials=true", "herald.cors.exposed-headers=X-One,X-Two",
                "herald.cors.max-age=1m", "herald.connect-token.secret=" + "k".repeat(32),
                "herald.servlet.probe-interval=2s", "herald.servlet.trusted-proxies=2",
                "herald.servlet.max-request-bytes=16KB", "herald.servlet.stream-threads=3",
                "herald.path-prefix=/live").run(context -> {
            assertThat(context).hasNotFailed();
            ServerEventsOptions o = context.getBean(ServerEventsOptions.class);
            assertThat(o.streamPath()).isEqualTo("/s/stream");
            assertThat(o.heartbeatPath()).isEqualTo("/s/beat");
            assertThat(o.unRegisterPath()).as("empty turns it off").isNull();
            assertThat(o.subscribersPath()).isEqualTo("/s/subs");
            assertThat(o.metricsPath()).isEqualTo("/s/metrics");
            assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(o.houseKeepingInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(o.notifyChannelOfSubscriptions()).isFalse();
            assertThat(o.limitToAuthenticatedUsers()).isTrue();
            assertThat(o.validateUserAddress()).isFalse();
            assertThat(o.maxQueuedBytes()).isEqualTo(2L * 1024 * 1024);
            assertThat(o.maxQueuedFrames()).isEqualTo(500);
            assertThat(o.historySize()).isEqualTo(7);
            assertThat(o.historyRetention()).isEqualTo(Duration.ofSeconds(90));
            assertThat(o.keepaliveInterval()).isEqualTo(Duration.ZERO);
            assertThat(o.retryInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(o.liveness()).isEqualTo(Liveness.HEARTBEATS);
            assertThat(o.defaultFraming()).isEqualTo(Framing.STANDARD);
            assertThat(o.cors().allows("https://app.example.com")).isTrue();
            assertThat(o.cors().allows("https://eu.example.org")).isTrue();
            assertThat(o.cors().allows("https://evil.example.net")).isFalse();
            assertThat(o.cors().allowCredentials()).isTrue();
            assertThat(o.cors().exposedHeaders()).containsExactly("X-One", "X-Two");
            assertThat(o.cors().maxAge()).isEqualTo(Duration.ofMinutes(1));
            String token = o.connectTokens().sign("u1", "User One", List.of("home"), Duration.ofMinutes(1));
            assertThat(io.herald.ConnectTokens.hs256("k".repeat(32)).verify(token).subject()).isEqualTo("u1");

            @SuppressWarnings("unchecked")
            ServletRegistrationBean<HeraldServlet> reg = context.getBean("heraldServletRegistration",
                    ServletRegistrationBean.class);
            HeraldServletOptions s = reg.getServlet().options();
            assertThat(s.probeInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.trustedProxies()).isEqualTo(2);
            assertThat(s.maxRequestBytes()).isEqualTo(16 * 1024);
            assertThat(s.streamThreads()).isEqualTo(3);
            assertThat(reg.getUrlMappings()).containsExactly("/live/*");
        });
    }

    @Test
    void defaultsAreServiceStacksAndTheExactPathsAreMappedAtTheRoot() {
        Runners.web().run(context -> {
            ServerEventsOptions o = context.getBean(ServerEventsOptions.class);
            ServerEventsOptions d = ServerEventsOptions.defaults();
            assertThat(o.idleTimeout()).isEqualTo(d.idleTimeout());
            assertThat(o.heartbeatInterval()).isEqualTo(d.heartbeatInterval());
            assertThat(o.historySize()).isEqualTo(d.historySize());
            assertThat(o.maxQueuedBytes()).isEqualTo(d.maxQueuedBytes());
            assertThat(o.cors()).isNull();
            assertThat(o.connectTokens()).isNull();
            assertThat(o.metricsPath()).isNull();
            assertThat(context.getBean(HeraldEndpoints.class).servletMappings()).containsExactly("/event-stream",
                    "/event-heartbeat", "/event-unregister", "/event-subscribers", "/event-subscribers/*",
                    "/api/UpdateEventSubscriber", "/json/reply/UpdateEventSubscriber", "/api/GetEventSubscribers",
                    "/json/reply/GetEventSubscribers", "/api/UnRegisterEventSubscriber",
                    "/json/reply/UnRegisterEventSubscriber");
            assertThat(context.getBean(ServletRegistrationBean.class).getServlet()).isInstanceOfSatisfying(
                    HeraldServlet.class, h -> assertThat(h.options().mountPath()).isEmpty());
        });
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("herald.idle-timeout=5s", "herald.idle-timeout=5s", "herald.heartbeat-interval=10s (default)", ""),
                Arguments.of("herald.heartbeat-interval=0s", "herald.heartbeat-interval=0s", "must be > 0", ""),
                Arguments.of("herald.housekeeping-interval=-1s", "herald.housekeeping-interval=-1s", "must be > 0", ""),
                Arguments.of("herald.stream-path=events", "herald.stream-path=events", "must be a path", ""),
                Arguments.of("herald.subscribers-path=/a b", "herald.subscribers-path=/a b", "must be a path", ""),
                Arguments.of("herald.max-queued-frames=3", "herald.max-queued-frames=3", ">= 16", ""),
                Arguments.of("herald.max-queued-bytes=10B", "herald.max-queued-bytes=10B", ">= 1024", ""),
                Arguments.of("herald.history.size=-1", "herald.history.size=-1", ">= 0", ""),
                Arguments.of("herald.history.retention=0s", "herald.history.retention=0s", "must be > 0", ""),
                Arguments.of("herald.keepalive-interval=-5s", "herald.keepalive-interval=-5s", ">= 0", ""),
                Arguments.of("herald.retry-interval=0ms", "herald.retry-interval=0ms", "must be > 0", ""),
                Arguments.of("herald.cors.allowed-origins=app.example.com", "herald.cors.allowed-origins=app.example.com",
                        "is not an origin", ""),
                Arguments.of("herald.cors.exposed-headers=Bad Header", "herald.cors.exposed-headers=Bad Header",
                        "not a header name", "herald.cors.allowed-origins=https://app.example.com"),
                Arguments.of("herald.servlet.probe-interval=10ms", "herald.servlet.probe-interval=10ms", "100ms", ""),
                Arguments.of("herald.servlet.trusted-proxies=99", "herald.servlet.trusted-proxies=99", "between 0 and 16", ""),
                Arguments.of("herald.servlet.stream-threads=0", "herald.servlet.stream-threads=0", "between 1 and 256", ""),
                Arguments.of("herald.servlet.max-request-bytes=-1B", "herald.servlet.max-request-bytes=-1B", ">= 0", ""),
                Arguments.of("herald.path-prefix=/a*b", "herald.path-prefix=/a*b", "like /sse", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aValueHeraldRefusesStopsTheContextNamingTheProperty(String property, String named, String problem,
                                                             String alongside) {
        Runners.web().withPropertyValues(property, alongside).run(context -> {
            assertThat(context).hasFailed();
            InvalidHeraldPropertyException e = rootOfType(context.getStartupFailure());
            assertThat(e.getMessage()).contains(named + " is invalid").contains(problem);
            assertThat(e.property()).isEqualTo(named.substring(0, named.indexOf('=')));
        });
    }

    @Test
    void credentialsForAnyOriginAreRefusedNamingTheProperties() {
        Runners.web().withPropertyValues("herald.cors.allowed-origins=*", "herald.cors.allow-credentials=true")
                .run(context -> assertThat(rootOfType(context.getStartupFailure()).getMessage())
                        .contains("herald.cors.allow-credentials=true is invalid").contains("'*'"));
    }

    @Test
    void aShortConnectTokenSecretIsRefusedWithoutShowingIt() {
        Runners.web().withPropertyValues("herald.connect-token.secret=too-short-to-sign").run(context -> {
            InvalidHeraldPropertyException e = rootOfType(context.getStartupFailure());
            assertThat(e.getMessage()).contains("herald.connect-token.secret=(hidden) is invalid").contains("32 bytes")
                    .doesNotContain("too-short-to-sign");
        });
    }

    @Test
    void aValueThatIsNotEvenADurationIsRefusedByBootNamingTheProperty() {
        Runners.web().withPropertyValues("herald.idle-timeout=banana").run(context -> {
            assertThat(context).hasFailed();
            StringBuilder causes = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                causes.append(t.getMessage()).append('\n');
            }
            assertThat(causes).contains("'herald.idle-timeout'").contains("banana");
        });
    }

    @Test
    void bootReportsARefusedPropertyWithWhatToFix() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { })))
                .hasAtLeastOneElementOfType(InvalidHeraldPropertyFailureAnalyzer.class);
        FailureAnalyzer ours = new InvalidHeraldPropertyFailureAnalyzer();
        Throwable failure = BootApp.failure(TestApps.Plain.class, "herald.heartbeat-interval=1m",
                "spring.autoconfigure.exclude=" + String.join(",", noSecurity()));
        FailureAnalysis analysis = ours.analyze(failure);
        assertThat(analysis.getDescription()).contains("herald.idle-timeout=30s (default) is invalid")
                .contains("herald.heartbeat-interval=1m");
        assertThat(analysis.getAction()).contains("'herald.idle-timeout'");
    }

    private static String[] noSecurity() {
        return new String[] {"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration"};
    }

    private static InvalidHeraldPropertyException rootOfType(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidHeraldPropertyException e) {
                return e;
            }
        }
        throw new AssertionError("no InvalidHeraldPropertyException in " + failure, failure);
    }
}

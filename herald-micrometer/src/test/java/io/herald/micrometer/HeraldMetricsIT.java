package io.herald.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.Statistic;
import io.herald.netty.HeraldServer;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory back-end and the Netty transport on a real server, scraped by a real
 * {@link PrometheusMeterRegistry}: names and types as Prometheus shows them, values that follow real
 * streams and publishes.
 */
class HeraldMetricsIT {

    private static final String MEMORY = "{backend=\"memory\"}";

    private ServerEventsFeature feature;
    private HeraldServer server;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void start() {
        feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
        server = HeraldServer.builder().host("127.0.0.1").port(0)
                .handler(feature)
                .route("GET", "/boom", Void.class, (ctx, req) -> {
                    throw new IllegalStateException("a route that fails");
                })
                .build();
        server.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new HeraldMetrics(feature.serverEvents(), Tags.of("backend", "memory")).bindTo(registry);
        new HeraldMetrics(server, HeraldServer::statistics, Tags.of("transport", "netty")).bindTo(registry);
    }

    @AfterEach
    void stop() {
        server.stop();
        feature.close();
        registry.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void countersAreCountersAndGaugesAreGaugesWithHelpText() {
        PrometheusText scrape = scrape();

        for (Statistic s : feature.serverEvents().statistics()) {
            boolean counter = s.kind() == Statistic.Kind.COUNTER;
            String name = s.meterName().replace('.', '_') + (counter ? "_total" : "");
            assertThat(scrape.type(name)).as(name).isEqualTo(counter ? "counter" : "gauge");
            assertThat(scrape.value(name + MEMORY)).as(name).isZero();
            assertThat(scrape.text()).contains("# HELP " + name + " " + s.description());
        }
        assertThat(scrape.text()).contains("herald_connections_total{backend=\"memory\"} 0.0",
                "herald_subscriptions{backend=\"memory\"} 0.0",
                "herald_http_client_errors_total{transport=\"netty\"} 0.0");
    }

    @Test
    void aStreamThatConnectsAndLeavesMovesTheMetersAtTheNextScrape() throws Exception {
        ServerEvents events = feature.serverEvents();
        try (SseTestClient client = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home")) {
            client.expectConnect();
            PrometheusText scrape = scrape();
            assertThat(scrape.value("herald_connections_total" + MEMORY)).isEqualTo(1.0);
            assertThat(scrape.value("herald_subscriptions" + MEMORY)).isEqualTo(1.0);
            assertThat(scrape.value("herald_channels" + MEMORY)).isPositive()
                    .isEqualTo(events.getStats().get("channels").doubleValue());

            client.nextCommand("onJoin"); // the join is a notification too: count from after it
            scrape = scrape();
            double sent = scrape.value("herald_notifications_sent_total" + MEMORY);
            double delivered = scrape.value("herald_deliveries_total" + MEMORY);
            events.notifyChannel("home", "cmd.announce", "hello");
            client.nextMatching(e -> e.data().contains("cmd.announce"));
            assertThat(scrape().value("herald_notifications_sent_total" + MEMORY)).isEqualTo(sent + 1);
            // the I/O thread counts a delivery after writing it, so the client may see it a moment earlier
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(scrape().value("herald_deliveries_total" + MEMORY)).isEqualTo(delivered + 1));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText scrape = scrape();
            assertThat(scrape.value("herald_subscriptions" + MEMORY)).isZero();
            assertThat(scrape.value("herald_closed_by_client_total" + MEMORY)).isEqualTo(1.0);
        });
        assertThat(scrape().value("herald_connections_total" + MEMORY)).isEqualTo(1.0);
    }

    @Test
    void theTransportsOwnCountersMoveToo() throws Exception {
        assertThat(RawHttp.get(server.baseUrl() + "/boom").status()).isEqualTo(500);

        assertThat(scrape().value("herald_http_server_errors_total{transport=\"netty\"}")).isEqualTo(1.0);
        assertThat(scrape().type("herald_http_server_errors_total")).isEqualTo("counter");
    }
}

package io.herald.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.Statistic;
import io.herald.netty.HeraldServer;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerExtension;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis back-end on a real redis-server, scraped by a real {@link PrometheusMeterRegistry}. */
class RedisHeraldMetricsIT {

    private static final String REDIS = "{backend=\"redis\"}";

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().flushBeforeEach();

    private ServerEventsFeature feature;
    private HeraldServer server;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void start() {
        feature = ServerEventsFeature.create(ServerEventsOptions.defaults(),
                RedisServerEvents.factory(redis.server().uri()));
        server = HeraldServer.builder().host("127.0.0.1").port(0).handler(feature).build();
        server.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new HeraldMetrics(feature.serverEvents(), Tags.of("backend", "redis")).bindTo(registry);
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
    void theRedisStatisticsAreMetersOfTheirKind() {
        PrometheusText scrape = scrape();
        for (Statistic s : feature.serverEvents().statistics()) {
            boolean counter = s.kind() == Statistic.Kind.COUNTER;
            String name = s.meterName().replace('.', '_') + (counter ? "_total" : "");
            assertThat(scrape.type(name)).as(name).isEqualTo(counter ? "counter" : "gauge");
        }
        assertThat(scrape.type("herald_redis_messages_received_total")).isEqualTo("counter");
        assertThat(scrape.type("herald_redis_errors_total")).isEqualTo("counter");
        assertThat(scrape.type("herald_redis_dead_swept_total")).isEqualTo("counter");
        assertThat(scrape.type("herald_subscriptions")).isEqualTo("gauge");
    }

    @Test
    void aPublishThroughRedisAndAStreamMoveTheMeters() throws Exception {
        ServerEvents events = feature.serverEvents();
        try (SseTestClient client = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home")) {
            client.expectConnect();
            PrometheusText before = scrape();
            assertThat(before.value("herald_connections_total" + REDIS)).isEqualTo(1.0);
            assertThat(before.value("herald_subscriptions" + REDIS)).isEqualTo(1.0);
            double received = before.value("herald_redis_messages_received_total" + REDIS);

            events.notifyChannel("home", "cmd.announce", "over redis");
            client.nextMatching(e -> e.data().contains("cmd.announce"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(scrape().value("herald_redis_messages_received_total" + REDIS))
                            .isGreaterThanOrEqualTo(received + 1));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(scrape().value("herald_subscriptions" + REDIS)).isZero());
    }

    @Test
    void whileRedisIsDownTheScrapeStillAnswersAndCountsTheErrors() {
        double errors = scrape().value("herald_redis_errors_total" + REDIS);
        redis.server().stop();

        assertThatThrownBy(() -> feature.serverEvents().notifyChannel("home", "cmd.announce", "lost"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(scrape().value("herald_redis_errors_total" + REDIS)).isGreaterThan(errors);
        assertThat(scrape().value("herald_subscriptions" + REDIS)).isZero();
    }
}

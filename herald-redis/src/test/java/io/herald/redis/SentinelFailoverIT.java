package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RedisServerProcess;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A master, a replica and a Sentinel, all real redis-server processes: killing the master makes Sentinel
 * promote the replica, and a server on a {@code redis-sentinel://} URI follows it by itself.
 */
class SentinelFailoverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void followsTheMasterToThePromotedReplica() {
        try (RedisServerProcess master = RedisServerProcess.startNew();
             RedisServerProcess replica = RedisServerProcess.startNew("--replicaof", "127.0.0.1",
                     Integer.toString(master.port()));
             AutoCloseableHolder holder = new AutoCloseableHolder()) {
            await().atMost(TIMEOUT).until(() -> replica.command("INFO", "replication").contains("master_link_status:up"));
            // Sentinel learns replicas from the master's INFO, so it starts once the replica is attached.
            RedisServerProcess sentinel = holder.sentinel = RedisServerProcess.startSentinel("herald", master);
            await().atMost(TIMEOUT).until(() -> !sentinel.command("SENTINEL", "REPLICAS", "herald").equals("[]"));

            CallbackRecorder rec = new CallbackRecorder();
            RedisPubSubServer server = holder.server = new RedisPubSubServer(rec.wire(
                    RedisPubSubOptions.builder(sentinel.sentinelUri("herald")).channels("t:fo")
                            .heartbeatInterval(Duration.ofMillis(300)).heartbeatTimeout(Duration.ofSeconds(3))
                            .reconnectMinDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(300))
                            .connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(1))).build());
            server.start();
            rec.next("start");
            await().atMost(TIMEOUT).until(() -> Long.parseLong(master.command("PUBLISH", "t:fo", "on master")) >= 1);
            assertThat(rec.next("message").detail()).isEqualTo("t:fo on master");

            master.stop();
            rec.next("stop");
            CallbackRecorder.Event failover = rec.next(TIMEOUT, "failover");
            assertThat(failover.detail()).endsWith(":" + replica.port()).contains(":" + master.port() + " -> ");
            rec.next(TIMEOUT, "start");
            assertThat(replica.command("INFO", "replication")).contains("role:master");
            assertThat(server.stats().timesStarted()).isEqualTo(2);

            await().atMost(TIMEOUT).until(() -> Long.parseLong(replica.command("PUBLISH", "t:fo", "on new master")) >= 1);
            assertThat(rec.next("message").detail()).isEqualTo("t:fo on new master");
        }
    }

    /** Closes what the test started after the servers it depends on were created. */
    private static final class AutoCloseableHolder implements AutoCloseable {
        RedisServerProcess sentinel;
        RedisPubSubServer server;

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
            if (sentinel != null) {
                sentinel.close();
            }
        }
    }
}

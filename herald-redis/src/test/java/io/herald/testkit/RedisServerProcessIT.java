package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The test kit itself (it lives in herald-tck's main code; exercised here, where redis tests run). */
class RedisServerProcessIT {

    @Test
    void stopKillsAndStartComesBackOnTheSamePortWithoutData() {
        Path dir;
        try (RedisServerProcess redis = RedisServerProcess.startNew()) {
            dir = redis.directory();
            int port = redis.port();
            assertThat(port).isPositive();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("SET", "k", "v a l")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v a l");
            assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo("[save, ]");
            assertThat(redis.command("CONFIG", "GET", "bind")).isEqualTo("[bind, 127.0.0.1]");
            assertThat(redis.command("NOSUCHCOMMAND")).startsWith("-ERR");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(Integer.toString(port));
            redis.stop(); // idempotent

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).as("no persistence across a kill").isNull();
            redis.start(); // no-op while running

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(Files.isDirectory(dir)).isTrue();
        }
        assertThat(Files.exists(dir)).as("temp dir removed on close").isFalse();
    }

    @Test
    void closedServerCannotStartAgain() {
        RedisServerProcess redis = RedisServerProcess.startNew();
        redis.close();
        redis.close();
        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void extraArgumentsAndPassword() {
        try (RedisServerProcess redis = RedisServerProcess.startNew("--requirepass", "s3cret")) {
            assertThat(redis.command("PING")).isEqualTo("PONG"); // authenticates by itself
            assertThat(redis.command("CONFIG", "GET", "requirepass")).isEqualTo("[requirepass, s3cret]");
        }
    }

    @Test
    void missingBinaryFailsInCiAndAbortsOtherwise() {
        String before = System.getProperty("herald.redis-server");
        System.setProperty("herald.redis-server", "/nonexistent/redis-server");
        try {
            if (RedisServerProcess.externalsRequired()) {
                assertThatThrownBy(RedisServerProcess::startNew).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("/nonexistent/redis-server")
                        .hasMessageContaining("apt-get install redis-server")
                        .hasMessageContaining("HERALD_REQUIRE_EXTERNALS");
            } else {
                assertThatThrownBy(RedisServerProcess::startNew).isInstanceOf(TestAbortedException.class)
                        .hasMessageContaining("apt-get install redis-server");
            }
        } finally {
            if (before == null) {
                System.clearProperty("herald.redis-server");
            } else {
                System.setProperty("herald.redis-server", before);
            }
        }
    }
}

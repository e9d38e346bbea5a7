package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link HeraldServer#awaitTermination()} keeps a caller (a {@code main}) waiting until the server is stopped;
 * {@link HeraldServer#registerShutdownHook()} is idempotent and undone by {@code stop()}. The hook stopping a
 * real JVM on SIGTERM is exercised by herald-examples/readme's {@code ReadmeExamplesIT}.
 */
class AwaitTerminationIT {

    @Test
    void awaitTerminationReturnsOnlyOnceTheServerIsStopped() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").build();
        server.start();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                server.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(server.awaitTermination(Duration.ofMillis(200))).isFalse();
        assertThat(waiter).isNotDone();

        server.stop();

        waiter.get(10, TimeUnit.SECONDS);
        assertThat(server.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void aServerStoppedBeforeItStartedDoesNotKeepAnyoneWaiting() throws Exception {
        HeraldServer server = HeraldServer.builder().build();
        server.stop();
        assertThat(server.awaitTermination(Duration.ZERO)).isTrue();
        server.awaitTermination();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }

    @Test
    void theShutdownHookIsRegisteredOnceAndRemovedByStop() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").build();
        server.start();
        server.registerShutdownHook();
        Thread hook = server.shutdownHook();
        server.registerShutdownHook();
        assertThat(hook).isNotNull().isSameAs(server.shutdownHook());
        assertThat(hook.getName()).isEqualTo("herald-shutdown");

        server.stop();

        assertThat(server.shutdownHook()).isNull();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("still registered").isFalse();
        server.registerShutdownHook(); // stopped: nothing to do at shutdown
        assertThat(server.shutdownHook()).isNull();
    }

    @Test
    void aNegativeTimeoutIsRefusedNamingIt() {
        HeraldServer server = HeraldServer.builder().build();
        assertThatThrownBy(() -> server.awaitTermination(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be >= 0: PT-1S");
    }
}

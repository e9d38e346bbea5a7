package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.SubscriptionInfo;
import io.herald.spi.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Registry} contract: what {@code put} makes visible, what {@code remove} hides (and that exactly
 * one concurrent removal wins), channel updates, liveness, clearing. An implementation's test extends this class
 * and says how to build an empty registry.
 */
public abstract class RegistryContract {

    /** Builds a registry on a fresh, empty store (a new key space for a shared store). */
    protected abstract Registry newRegistry();

    private static final long T0 = 1_700_000_000_000L;
    private Registry registry;

    @BeforeEach
    void create() {
        registry = newRegistry();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private static FixedSubscription sub(String id, String userId, String... channels) {
        return new FixedSubscription(id, List.of(channels), userId, "name-" + userId, "sess-" + id.charAt(0), T0);
    }

    private static List<String> ids(List<SubscriptionInfo> infos) {
        List<String> out = new ArrayList<>();
        infos.forEach(i -> out.add(i.id()));
        return out;
    }

    @Test
    void aPutSubscriptionIsFoundByIdUserAndChannel() {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home", "x.y");
        FixedSubscription b = sub("BBBBBBBBBBBBBBBBBBBB", "u1", "home");
        FixedSubscription c = sub("CCCCCCCCCCCCCCCCCCCC", "u2", "other");
        registry.put(a);
        registry.put(b);
        registry.put(c);
        SubscriptionInfo info = registry.get(a.id());
        assertThat(info.id()).isEqualTo(a.id());
        assertThat(info.channels()).containsExactly("home", "x.y");
        assertThat(info.userId()).isEqualTo("u1");
        assertThat(info.userName()).isEqualTo("name-u1");
        assertThat(info.sessionId()).isEqualTo("sess-A");
        assertThat(info.userAddress()).isEqualTo("127.0.0.1");
        assertThat(info.createdAt()).isEqualTo(T0);
        assertThat(info.meta()).containsEntry("userId", "u1").containsEntry("channels", "home,x.y");
        assertThat(registry.get("DDDDDDDDDDDDDDDDDDDD")).isNull();
        assertThat(ids(registry.byUserId("u1"))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(ids(registry.inChannels(List.of("home")))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(ids(registry.inChannels(List.of("home", "x.y", "other")))).as("each once")
                .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(ids(registry.inChannels(List.of()))).as("every subscription")
                .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(registry.inChannels(List.of("nobody"))).isEmpty();
    }

    @Test
    void putAgainRewritesRatherThanDuplicates() {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home");
        registry.put(a);
        registry.put(a);
        assertThat(ids(registry.inChannels(List.of()))).containsExactly(a.id());
        assertThat(ids(registry.inChannels(List.of("home")))).containsExactly(a.id());
    }

    @Test
    void removeHidesASubscriptionAndSaysWhetherThisCallRemovedIt() {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home");
        registry.put(a);
        assertThat(registry.remove(a.info())).isTrue();
        assertThat(registry.remove(a.info())).isFalse();
        assertThat(registry.get(a.id())).isNull();
        assertThat(registry.byUserId("u1")).isEmpty();
        assertThat(registry.inChannels(List.of("home"))).isEmpty();
        assertThat(registry.inChannels(List.of())).isEmpty();
    }

    @Test
    void exactlyOneOfConcurrentRemovalsWins() throws Exception {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home");
        registry.put(a);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> registry.remove(a.info())));
        }
        int won = 0;
        for (Future<Boolean> f : results) {
            won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
    }

    @Test
    void updateMovesTheSubscriptionBetweenChannels() {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home", "old");
        registry.put(a);
        FixedSubscription moved = a.withChannels(List.of("home", "new"));
        registry.update(moved, List.of("new"), List.of("old"));
        assertThat(ids(registry.inChannels(List.of("new")))).containsExactly(a.id());
        assertThat(registry.inChannels(List.of("old"))).isEmpty();
        assertThat(registry.get(a.id()).channels()).containsExactly("home", "new");
        assertThat(registry.remove(moved.info())).isTrue();
        assertThat(registry.inChannels(List.of("new", "home"))).isEmpty();
    }

    @Test
    void livenessDecidesWhatIsStale() {
        FixedSubscription a = sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home");
        FixedSubscription b = sub("BBBBBBBBBBBBBBBBBBBB", "u2", "home");
        FixedSubscription c = sub("CCCCCCCCCCCCCCCCCCCC", "u3", "home");
        registry.put(a);
        registry.put(b);
        registry.put(c);
        assertThat(ids(registry.staleBefore(T0 + 1))).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(registry.touch(a.id(), T0 + 60_000)).isTrue();
        registry.touchAll(List.of(b.id(), "DDDDDDDDDDDDDDDDDDDD"), T0 + 60_000);
        assertThat(ids(registry.staleBefore(T0 + 30_000))).containsExactly(c.id());
        assertThat(registry.touch("DDDDDDDDDDDDDDDDDDDD", T0)).as("unknown id").isFalse();
        assertThat(registry.get("DDDDDDDDDDDDDDDDDDDD")).as("touchAll adds nothing").isNull();
        SubscriptionInfo stale = registry.staleBefore(T0 + 30_000).get(0);
        assertThat(stale.channels()).containsExactly("home");
        assertThat(stale.userId()).isEqualTo("u3");
    }

    @Test
    void clearForgetsEverything() {
        registry.put(sub("AAAAAAAAAAAAAAAAAAAA", "u1", "home"));
        registry.put(sub("BBBBBBBBBBBBBBBBBBBB", "u2", "other"));
        registry.clear();
        assertThat(registry.inChannels(List.of())).isEmpty();
        assertThat(registry.inChannels(List.of("home"))).isEmpty();
        assertThat(registry.byUserId("u1")).isEmpty();
        assertThat(registry.get("AAAAAAAAAAAAAAAAAAAA")).isNull();
    }
}

package io.herald.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SetIndexTest {

    @Test
    void oneValueThenTwoThenBackToOneAndNone() {
        SetIndex<String> index = new SetIndex<>();
        index.add("u1", "a");
        assertThat(index.get("u1")).containsExactly("a");
        index.add("u1", "a"); // adding the same value again changes nothing
        assertThat(index.get("u1")).containsExactly("a");
        assertThat(index.counts()).isEqualTo(Map.of("u1", 1));

        index.add("u1", "b");
        assertThat(index.get("u1")).containsExactlyInAnyOrder("a", "b");
        assertThat(index.counts()).isEqualTo(Map.of("u1", 2));

        index.remove("u1", "a");
        assertThat(index.get("u1")).containsExactly("b");
        index.remove("u1", "x"); // not under the name: nothing happens
        assertThat(index.get("u1")).containsExactly("b");
        index.remove("u1", "b");
        assertThat(index.get("u1")).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(index.counts()).isEmpty();
    }

    @Test
    void aSingleValueIsRemovedOnlyByItself() {
        SetIndex<String> index = new SetIndex<>();
        index.add("u1", "a");
        index.remove("u1", "b");
        assertThat(index.get("u1")).containsExactly("a");
        index.remove("u2", "a");
        assertThat(index.size()).isEqualTo(1);
        index.remove("u1", "a");
        assertThat(index.size()).isZero();
    }

    @Test
    void nullNamesAreNotIndexed() {
        SetIndex<String> index = new SetIndex<>();
        index.add(null, "a");
        index.remove(null, "a");
        assertThat(index.get(null)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void namesAreCountedSeparatelyAndCleared() {
        SetIndex<String> index = new SetIndex<>();
        index.add("c1", "a");
        index.add("c1", "b");
        index.add("c2", "a");
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.counts()).isEqualTo(Map.of("c1", 2, "c2", 1));
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.get("c1")).isEmpty();
    }

    @Test
    void concurrentAddsAndRemovesUnderOneNameLoseNothing() throws Exception {
        SetIndex<Integer> index = new SetIndex<>();
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    index.add("c", base + i);
                    if (i % 2 == 1) {
                        index.remove("c", base + i); // odd values leave again; even ones stay
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(index.get("c")).hasSize(threads * perThread / 2).allMatch(v -> v % 2 == 0);
        assertThat(index.counts()).isEqualTo(Map.of("c", threads * perThread / 2));
    }
}

package io.herald.spring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The live threads an application leaves behind, by name prefix. */
final class HeraldThreads {

    private HeraldThreads() {
    }

    /** Names of live threads starting with one of the prefixes. */
    static Set<String> live(List<String> prefixes) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> prefixes.stream().anyMatch(n::startsWith)).collect(Collectors.toSet());
    }

    /** Waits (up to 10 s: executors finish their last task) until no thread with these prefixes is alive
     * that was not alive in {@code before}. */
    static void awaitNoneBeyond(Set<String> before, List<String> prefixes) {
        await("threads " + prefixes + " ended").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> left = live(prefixes);
            left.removeAll(before);
            org.assertj.core.api.Assertions.assertThat(left).as("threads left after the context closed").isEmpty();
        });
    }
}

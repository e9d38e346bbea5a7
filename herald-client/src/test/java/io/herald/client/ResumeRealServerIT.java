package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Herald's resume extension against the real server: after its stream is cut the client reconnects with
 * {@code Last-Event-ID}, the server replays what it missed, and {@code cmd.onResume} reaches
 * {@code onResume} only.
 */
class ResumeRealServerIT extends RealServerTestBase {

    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopPublisher() {
        publisher.shutdownNow();
    }

    /** One entry per callback, in dispatch order. */
    private record Entry(String kind, long eventId, long tick) {
    }

    @Test
    void cutStreamResumesWithoutGapsOrDuplicates() throws Exception {
        List<Entry> log = new CopyOnWriteArrayList<>();
        BlockingQueue<String> syncs = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        List<ServerEventMessage> others = new CopyOnWriteArrayList<>();
        ServerEventsClient client = builder("feed")
                .onConnect(c -> log.add(new Entry("connect", c.getEventId(), -1)))
                .onResume(r -> log.add(new Entry("resume", r.getEventId(), r.getReplayed())))
                .onCommand(c -> log.add(new Entry(c.getTarget(), c.getEventId(), -1)))
                .onHeartbeat(h -> log.add(new Entry("heartbeat", h.getEventId(), -1)))
                .handler("tick", m -> log.add(new Entry("tick", m.getEventId(), m.getBodyAs(Long.class))))
                .handler("onResume", m -> others.add(m))
                .onMessage(m -> {
                    if ("cmd.sync".equals(m.getSelector())) {
                        log.add(new Entry("sync", m.getEventId(), -1));
                        syncs.add(m.getBodyAs(String.class));
                    } else if (!"cmd.tick".equals(m.getSelector())) {
                        others.add(m);
                    }
                })
                .onException(errors::add)
                .build();
        clients.add(client);
        String firstId = client.connect().get(5, TimeUnit.SECONDS).getId();

        AtomicLong published = new AtomicLong();
        publisher.scheduleAtFixedRate(() -> server.events().notifyChannel("feed", "cmd.tick",
                published.incrementAndGet()), 0, 5, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> ticks(log).size() >= 20);

        server.closeStream(firstId);
        await().atMost(WAIT).until(() -> log.stream().anyMatch(e -> e.kind().equals("resume")));
        long atResume = ticks(log).size();
        await().atMost(WAIT).until(() -> ticks(log).size() >= atResume + 20);
        publisher.shutdown();
        assertThat(publisher.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        server.events().notifyAll("cmd.sync", "done");
        assertThat(poll(syncs)).isEqualTo("done");

        List<Long> ticks = ticks(log);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= published.get(); i++) {
            expected.add(i);
        }
        assertThat(ticks).as("every tick once, in order").isEqualTo(expected);

        ServerEventResume resume = client.getLastResume();
        assertThat(resume).isNotNull();
        assertThat(resume.isRecovered()).isTrue();
        assertThat(resume.getReplayed()).as("ticks published while the client was away were replayed").isPositive();
        assertThat(resume.getSelector()).isEqualTo("cmd.onResume");
        // The replayed ticks come between the second onConnect and onResume, with their original ids. The onConnect
        // of a resumed stream carries the client's own position (a reply is not an event), so a cut during the
        // replay resumes from there again and cannot skip what had not been replayed yet.
        int connect2 = indexOf(log, "connect", 2);
        int resumeAt = indexOf(log, "resume", 1);
        List<Entry> replayed = log.subList(connect2 + 1, resumeAt);
        assertThat(replayed).hasSize(resume.getReplayed()).allMatch(e -> e.kind().equals("tick"));
        Entry lastBeforeCut = log.get(connect2 - 1);
        assertThat(resume.getResumedAfter()).isEqualTo(lastBeforeCut.eventId());
        assertThat(log.get(connect2).eventId()).isEqualTo(lastBeforeCut.eventId());
        replayed.forEach(e -> assertThat(e.eventId()).isGreaterThan(log.get(connect2).eventId()));
        assertThat(server.events().getStats()).containsEntry("resumed", 1L);
        assertThat(others).as("onResume reaches neither handlers nor onMessage").isEmpty();
        assertThat(errors).isEmpty();
        assertThat(client.getLastEventId()).isEqualTo(Long.toString(log.get(log.size() - 1).eventId()));
    }

    /** Five cuts while two publishers run: every tick of each still arrives once, in order. */
    @Test
    void repeatedCutsUnderLoadLoseNothing() throws Exception {
        Probe p = probe("feed");
        ScheduledExecutorService second = Executors.newSingleThreadScheduledExecutor();
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        try {
            publisher.scheduleAtFixedRate(() -> server.events().notifyChannel("feed", "cmd.a", a.incrementAndGet()),
                    0, 1, TimeUnit.MILLISECONDS);
            second.scheduleAtFixedRate(() -> server.events().notifyChannel("feed", "cmd.b", b.incrementAndGet()),
                    0, 2, TimeUnit.MILLISECONDS);
            for (int cut = 1; cut <= 5; cut++) {
                int before = p.allMessages.size();
                await().atMost(WAIT).until(() -> p.allMessages.size() >= before + 50);
                server.closeStream(p.info().getId());
                int resumes = cut;
                await().atMost(WAIT).until(() -> p.resumes.size() == resumes && p.info() != null);
            }
        } finally {
            publisher.shutdown();
            second.shutdown();
        }
        assertThat(publisher.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        sync(p);

        for (String target : List.of("a", "b")) {
            List<Long> got = p.allMessages.stream().filter(m -> m.getTarget().equals(target))
                    .map(m -> m.getBodyAs(Long.class)).toList();
            long sent = target.equals("a") ? a.get() : b.get();
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= sent; i++) {
                expected.add(i);
            }
            assertThat(got).as("ticks of " + target).isEqualTo(expected);
        }
        assertThat(p.resumes).allMatch(ServerEventResume::isRecovered);
        assertThat(p.errors).isEmpty();
    }

    /** A server restarted on the same port cannot vouch for an old position: recovered is false. */
    @Test
    void resumeAgainstARestartedServerIsNotRecovered() throws Exception {
        Probe p = probe("feed");
        server.events().notifyChannel("feed", "cmd.tick", 1);
        assertThat(poll(p.messages).getSelector()).isEqualTo("cmd.tick");
        String lastSeen = p.client.getLastEventId();
        int port = java.net.URI.create(server.baseUrl()).getPort();

        server.close();
        server = new RealServer(port);
        ServerEventResume resume = poll(p.resumes);
        assertThat(resume.isRecovered()).isFalse();
        assertThat(resume.getResumedAfter()).isEqualTo(Long.parseLong(lastSeen));
        assertThat(resume.getReplayed()).isZero();
        assertThat(p.client.getLastResume()).isSameAs(resume);
        server.events().notifyChannel("feed", "cmd.tick", 2);
        assertThat(poll(p.messages).getBodyAs(Long.class)).isEqualTo(2);
    }

    /** stop() then start() resumes too: what was sent to the channel meanwhile is replayed. */
    @Test
    void startAfterStopReplaysWhatWasMissed() throws Exception {
        Probe p = probe("feed");
        server.events().notifyChannel("feed", "cmd.tick", 1);
        assertThat(poll(p.messages).getBodyAs(Long.class)).isEqualTo(1);
        p.client.stop();
        server.events().notifyChannel("feed", "cmd.tick", 2);
        server.events().notifyChannel("feed", "cmd.tick", 3);

        p.client.start();
        assertThat(poll(p.messages).getBodyAs(Long.class)).isEqualTo(2);
        assertThat(poll(p.messages).getBodyAs(Long.class)).isEqualTo(3);
        ServerEventResume resume = poll(p.resumes);
        assertThat(resume.isRecovered()).isTrue();
        assertThat(resume.getReplayed()).isEqualTo(2);
    }

    private static List<Long> ticks(List<Entry> log) {
        return log.stream().filter(e -> e.kind().equals("tick")).map(Entry::tick).toList();
    }

    private static int indexOf(List<Entry> log, String kind, int occurrence) {
        int seen = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).kind().equals(kind) && ++seen == occurrence) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " #" + occurrence + " in " + log);
    }
}

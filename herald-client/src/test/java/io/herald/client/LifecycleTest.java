package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.RecordingEffects.FakeStream;
import io.herald.client.ServerEventsClient.State;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's state machine on a fake clock and scheduler: no server, no socket, no sleep. The back-off
 * jitter is pinned to the top of its range, so delays are exactly 50, 100, 200, 400, 400 ms.
 */
class LifecycleTest {

    private static final long CONNECT_TIMEOUT_MS = 10_000;
    private static final long HEARTBEAT_MS = 2_000;
    private static final long IDLE_MS = 6_000;

    private final RecordingEffects effects = new RecordingEffects();
    private final Lifecycle lifecycle = new Lifecycle(effects, new Backoff(50, 400, bound -> bound - 1),
            CONNECT_TIMEOUT_MS);

    {
        effects.watch(lifecycle);
    }

    @AfterEach
    void nothingUnexpectedHappened() {
        effects.assertNothingLeft();
    }

    private static String onConnect(String id) {
        return "cmd.onConnect {\"id\":\"" + id + "\",\"unRegisterUrl\":\"http://h/event-unregister?id=" + id
                + "\",\"heartbeatUrl\":\"http://h/event-heartbeat?id=" + id + "\",\"heartbeatIntervalMs\":"
                + HEARTBEAT_MS + ",\"idleTimeoutMs\":" + IDLE_MS + "}";
    }

    /** Starts, and lets stream #1 open and connect as subscription s1 with event id 1. */
    private FakeStream started() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        FakeStream stream = effects.stream(1);
        stream.listener.onOpen();
        stream.listener.onEvent("1", onConnect("s1"));
        effects.expect("deliver cmd.onConnect", "connected s1");
        return stream;
    }

    private static WebServiceException status(int code) {
        return new WebServiceException("POST", URI.create("http://h/event-heartbeat?id=s1"), code, "gone");
    }

    @Test
    void connectThenOnConnectStartsTheClientAndItsHeartbeats() {
        lifecycle.start();
        assertThat(lifecycle.state()).isEqualTo(State.STARTING);
        assertThat(lifecycle.timesStarted()).isEqualTo(1);
        effects.expect("open #1 from ''");
        assertThat(effects.pendingTimers()).as("the onConnect watchdog").containsExactly(CONNECT_TIMEOUT_MS);

        FakeStream stream = effects.stream(1);
        stream.listener.onOpen();
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
        assertThat(lifecycle.connectionInfo()).isNull();

        stream.listener.onEvent("1", onConnect("s1"));
        effects.expect("deliver cmd.onConnect", "connected s1");
        ServerEventConnect info = lifecycle.connectionInfo();
        assertThat(info.getId()).isEqualTo("s1");
        assertThat(effects.delivered).containsExactly(info);
        assertThat(lifecycle.lastEventId()).isEqualTo("1");
        assertThat(effects.pendingTimers()).as("watchdog replaced by the first heartbeat")
                .containsExactly(HEARTBEAT_MS);
    }

    @Test
    void aConnectCompletedBeforeTheResponseCallbackIsNotLostToARestart() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        FakeStream first = effects.stream(1);
        // onConnect parsed before the HTTP response callback reported the stream open
        first.listener.onEvent("1", onConnect("s1"));
        effects.expect("deliver cmd.onConnect", "connected s1");
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);

        lifecycle.restart();
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        effects.expect("cancel stream #1", "unregister s1");
        effects.advance(0);
        effects.expect("open #2 from '1'", "reconnected");

        first.listener.onOpen(); // the late response callback of the replaced stream
        assertThat(lifecycle.state()).isEqualTo(State.STARTING);
        effects.stream(2).listener.onOpen();
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
        assertThat(lifecycle.timesStarted()).isEqualTo(2);
    }

    @Test
    void aDroppedStreamReconnectsWithGrowingDelaysFromTheLastEventReceived() {
        FakeStream first = started();
        first.listener.onEvent("2", "home@cmd.chat \"hi\"");
        effects.expect("deliver cmd.chat");
        assertThat(effects.delivered.get(1).getEventId()).isEqualTo(2);

        first.listener.onEnd();
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        assertThat(lifecycle.connectionInfo()).isNull();
        effects.expect("cancel stream #1", "unregister s1");
        assertThat(effects.pendingTimers()).containsExactly(50L);
        effects.advance(49);
        effects.advance(1);
        effects.expect("open #2 from '2'", "reconnected");
        assertThat(lifecycle.state()).isEqualTo(State.STARTING);

        long[] next = {100, 200, 400, 400};
        for (int i = 0; i < next.length; i++) {
            int number = i + 2;
            effects.stream(number).listener.onFailure(new ServerEventsException("refused " + number));
            effects.expect("failed: refused " + number, "cancel stream #" + number);
            assertThat(effects.pendingTimers()).as("back-off after failure %d", i + 2).containsExactly(next[i]);
            effects.advance(next[i]);
            effects.expect("open #" + (number + 1) + " from '2'", "reconnected");
        }
        assertThat(lifecycle.timesStarted()).isEqualTo(6);
    }

    @Test
    void theServersRetryIsTheBackOffBase() {
        FakeStream first = started();
        first.listener.onRetry(30);
        first.listener.onEnd();
        effects.expect("cancel stream #1", "unregister s1");
        assertThat(effects.pendingTimers()).containsExactly(30L);
        effects.advance(30);
        effects.expect("open #2 from '1'", "reconnected");
        effects.stream(2).listener.onEnd();
        effects.expect("cancel stream #2");
        assertThat(effects.pendingTimers()).containsExactly(60L);
        effects.advance(60);
        effects.expect("open #3 from '1'", "reconnected");
    }

    @Test
    void aHeartbeatRoundTripStartsTheBackOffAgain() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        effects.stream(1).listener.onFailure(new ServerEventsException("down"));
        effects.expect("failed: down", "cancel stream #1");
        effects.advance(50);
        effects.expect("open #2 from ''", "reconnected");
        effects.stream(2).listener.onFailure(new ServerEventsException("down"));
        effects.expect("failed: down", "cancel stream #2");
        assertThat(effects.pendingTimers()).containsExactly(100L);
        effects.advance(100);
        effects.expect("open #3 from ''", "reconnected");

        FakeStream third = effects.stream(3);
        third.listener.onEvent("7", onConnect("s3"));
        effects.expect("deliver cmd.onConnect", "connected s3");
        third.listener.onEvent("8", "cmd.onHeartbeat {}");
        effects.expect("deliver cmd.onHeartbeat");
        third.listener.onEnd();
        effects.expect("cancel stream #3", "unregister s3");
        assertThat(effects.pendingTimers()).as("back to the initial delay").containsExactly(50L);
        effects.advance(50);
        effects.expect("open #4 from '8'", "reconnected");
    }

    @Test
    void aStreamUpLongerThanTheLongestBackOffCountsAsHealthy() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        effects.stream(1).listener.onFailure(new ServerEventsException("down"));
        effects.expect("failed: down", "cancel stream #1");
        effects.advance(50);
        effects.expect("open #2 from ''", "reconnected");

        FakeStream second = effects.stream(2);
        second.listener.onEvent("1", onConnect("s2"));
        effects.expect("deliver cmd.onConnect", "connected s2");
        effects.advance(401); // no heartbeat yet (every 2 s), but up longer than the 400 ms cap
        second.listener.onEnd();
        effects.expect("cancel stream #2", "unregister s2");
        assertThat(effects.pendingTimers()).containsExactly(50L);
        effects.advance(50);
        effects.expect("open #3 from '1'", "reconnected");
    }

    @Test
    void heartbeatsGoOutAtTheIntervalTheOnConnectCallbackSet() {
        effects.onDeliver = m -> {
            if (m instanceof ServerEventConnect info) {
                info.setHeartbeatIntervalMs(500);
            }
        };
        FakeStream stream = started();
        assertThat(effects.pendingTimers()).containsExactly(500L);
        effects.advance(499);
        effects.advance(1);
        effects.expect("heartbeat http://h/event-heartbeat?id=s1");
        assertThat(effects.pendingTimers()).as("the next waits for the answer").isEmpty();
        effects.nextHeartbeat().complete(null);
        assertThat(effects.pendingTimers()).containsExactly(500L);
        stream.listener.onEvent("2", "cmd.onHeartbeat {}");
        effects.expect("deliver cmd.onHeartbeat");
        effects.advance(500);
        effects.expect("heartbeat http://h/event-heartbeat?id=s1");
        effects.nextHeartbeat().complete(null);
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
    }

    @Test
    void aHeartbeatAnswered404ReconnectsAsANewSubscription() {
        FakeStream first = started();
        first.listener.onEvent("3", "cmd.chat \"x\"");
        effects.expect("deliver cmd.chat");
        effects.advance(HEARTBEAT_MS);
        effects.expect("heartbeat http://h/event-heartbeat?id=s1");
        effects.nextHeartbeat().completeExceptionally(status(404));
        effects.expect("failed: POST http://h/event-heartbeat?id=s1 answered HTTP 404: gone",
                "cancel stream #1", "unregister s1");
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        effects.advance(50);
        effects.expect("open #2 from '3'", "reconnected");

        effects.stream(2).listener.onEvent("10", onConnect("s2"));
        effects.expect("deliver cmd.onConnect", "connected s2");
        assertThat(lifecycle.connectionInfo().getId()).isEqualTo("s2");
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
        assertThat(lifecycle.lastEventId()).as("a resume is pending until cmd.onResume").isEqualTo("3");
        assertThat(effects.pendingTimers()).containsExactly(HEARTBEAT_MS);
    }

    @Test
    void noOnHeartbeatForTheIdleTimeoutReconnects() {
        started();
        for (int i = 0; i < 3; i++) { // heartbeats at 2, 4 and 6 s are answered, but no cmd.onHeartbeat comes
            effects.advance(HEARTBEAT_MS);
            effects.expect("heartbeat http://h/event-heartbeat?id=s1");
            effects.nextHeartbeat().complete(null);
        }
        effects.advance(HEARTBEAT_MS);
        effects.expect("failed: no cmd.onHeartbeat for 8000 ms (idleTimeoutMs 6000): reconnecting",
                "cancel stream #1", "unregister s1");
        assertThat(effects.pendingTimers()).containsExactly(50L);
        effects.advance(50);
        effects.expect("open #2 from '1'", "reconnected");
    }

    @Test
    void noOnConnectWithinTheConnectTimeoutReconnects() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        effects.stream(1).listener.onOpen();
        effects.advance(CONNECT_TIMEOUT_MS - 1);
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
        effects.advance(1);
        effects.expect("failed: no cmd.onConnect from http://h/event-stream?channels=home within 10000 ms",
                "cancel stream #1");
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        assertThat(effects.pendingTimers()).containsExactly(50L);
        effects.advance(50);
        effects.expect("open #2 from ''", "reconnected");
    }

    @Test
    void aStreamThatCannotEvenBeOpenedIsRetriedAfterTheBackOff() {
        effects.openFailure = new IllegalArgumentException("bad request");
        lifecycle.start();
        effects.expect("open refused",
                "failed: cannot open event stream: java.lang.IllegalArgumentException: bad request");
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        assertThat(effects.pendingTimers()).containsExactly(50L);
        effects.advance(50);
        effects.expect("open #1 from ''", "reconnected");
        assertThat(lifecycle.timesStarted()).isEqualTo(2);
    }

    @Test
    void stopWhileConnectingCancelsTheStreamAndIgnoresItsLateSignals() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        FakeStream stream = effects.stream(1);
        lifecycle.stop();
        effects.expect("cancel stream #1");
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
        assertThat(effects.pendingTimers()).as("watchdog cancelled").isEmpty();

        stream.listener.onOpen();
        stream.listener.onEvent("1", onConnect("s1"));
        stream.listener.onFailure(new ServerEventsException("late"));
        stream.listener.onEnd();
        effects.advance(60_000);
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
        assertThat(lifecycle.connectionInfo()).isNull();
        assertThat(effects.delivered).isEmpty();
    }

    @Test
    void stopDuringTheBackOffWaitCancelsTheReconnect() {
        FakeStream first = started();
        first.listener.onEnd();
        effects.expect("cancel stream #1", "unregister s1");
        assertThat(lifecycle.state()).isEqualTo(State.RESTARTING);
        lifecycle.stop();
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
        assertThat(effects.pendingTimers()).isEmpty();
        effects.advance(60_000);
        assertThat(lifecycle.timesStarted()).isEqualTo(1);
    }

    @Test
    void stopUnregistersTheLiveSubscriptionAndWaits() {
        started();
        lifecycle.stop();
        effects.expect("cancel stream #1", "unregister s1 and wait");
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
        assertThat(lifecycle.connectionInfo()).isNull();
        assertThat(effects.pendingTimers()).as("heartbeat cancelled").isEmpty();
        lifecycle.stop();
        effects.advance(60_000);
    }

    @Test
    void aHeartbeatAnsweredAfterStopSchedulesNothing() {
        started();
        effects.advance(HEARTBEAT_MS);
        effects.expect("heartbeat http://h/event-heartbeat?id=s1");
        lifecycle.stop();
        effects.expect("cancel stream #1", "unregister s1 and wait");
        effects.nextHeartbeat().completeExceptionally(status(404));
        assertThat(effects.pendingTimers()).isEmpty();
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aStartAfterStopResumesFromTheLastEventReceived() {
        FakeStream first = started();
        first.listener.onEvent("5", "cmd.chat \"a\"");
        effects.expect("deliver cmd.chat");
        lifecycle.stop();
        effects.expect("cancel stream #1", "unregister s1 and wait");
        lifecycle.restart();
        assertThat(lifecycle.state()).as("restart of a stopped client does nothing").isEqualTo(State.STOPPED);

        lifecycle.start();
        effects.expect("open #2 from '5'");
        assertThat(lifecycle.timesStarted()).isEqualTo(2);
        FakeStream second = effects.stream(2);
        second.listener.onEvent("9", onConnect("s2"));
        effects.expect("deliver cmd.onConnect", "connected s2");
        assertThat(lifecycle.lastEventId()).as("onConnect does not move a pending resume").isEqualTo("5");
        second.listener.onEvent("6", "cmd.chat \"replayed\"");
        effects.expect("deliver cmd.chat");
        assertThat(lifecycle.lastEventId()).as("follows the stream, not the highest id").isEqualTo("6");
        second.listener.onEvent("10", "cmd.onResume {\"lastEventId\":5,\"recovered\":true,\"replayed\":1}");
        effects.expect("deliver cmd.onResume");
        second.listener.onEvent("11", "cmd.chat \"live\"");
        effects.expect("deliver cmd.chat");
        assertThat(lifecycle.lastEventId()).isEqualTo("11");
    }

    @Test
    void aStreamCutDuringItsReplayResumesWhereItWasCut() {
        FakeStream first = started();
        first.listener.onEvent("5", "cmd.chat \"a\"");
        effects.expect("deliver cmd.chat");
        first.listener.onEnd();
        effects.expect("cancel stream #1", "unregister s1");
        effects.advance(50);
        effects.expect("open #2 from '5'", "reconnected");

        effects.stream(2).listener.onEvent("20", onConnect("s2"));
        effects.expect("deliver cmd.onConnect", "connected s2");
        effects.stream(2).listener.onEnd(); // cut before the replay
        effects.expect("cancel stream #2", "unregister s2");
        effects.advance(100);
        effects.expect("open #3 from '5'", "reconnected");
    }

    @Test
    void closeUnregistersOnceAndForbidsAnotherStart() {
        started();
        lifecycle.close();
        effects.expect("cancel stream #1", "unregister s1 and wait");
        lifecycle.close();
        lifecycle.stop();
        assertThat(lifecycle.state()).isEqualTo(State.STOPPED);
        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("client is closed");
        effects.advance(60_000);
    }

    @Test
    void manualRestartActsOnceAndOnlyOnAStartedClient() {
        lifecycle.start();
        effects.expect("open #1 from ''");
        lifecycle.restart();
        assertThat(lifecycle.state()).as("still connecting: ignored").isEqualTo(State.STARTING);
        effects.stream(1).listener.onEvent("1", onConnect("s1"));
        effects.expect("deliver cmd.onConnect", "connected s1");

        lifecycle.restart();
        lifecycle.restart();
        effects.expect("cancel stream #1", "unregister s1");
        assertThat(effects.pendingTimers()).containsExactly(0L);
        lifecycle.start(); // not stopped: does nothing
        effects.advance(0);
        effects.expect("open #2 from '1'", "reconnected");
        assertThat(lifecycle.timesStarted()).isEqualTo(2);
    }

    @Test
    void signalsOfAReplacedStreamChangeNothing() {
        FakeStream first = started();
        first.listener.onEnd();
        effects.expect("cancel stream #1", "unregister s1");
        effects.advance(50);
        effects.expect("open #2 from '1'", "reconnected");

        first.listener.onEvent("99", "cmd.chat \"stale\"");
        first.listener.onFailure(new ServerEventsException("stale"));
        first.listener.onEnd();
        first.listener.onOpen();
        assertThat(lifecycle.state()).isEqualTo(State.STARTING);
        assertThat(lifecycle.lastEventId()).isEqualTo("1");
        assertThat(effects.pendingTimers()).as("only the new stream's watchdog").containsExactly(CONNECT_TIMEOUT_MS);
    }

    @Test
    void badEventsAreReportedAndTheStreamGoesOn() {
        FakeStream stream = started();
        stream.listener.onEvent("abc", "cmd.one \"1\"");
        effects.expect("report: non-numeric SSE id 'abc': messages delivered with eventId -1", "deliver cmd.one");
        stream.listener.onEvent("abc", "cmd.two \"2\"");
        effects.expect("deliver cmd.two");
        assertThat(effects.delivered.subList(1, 3)).extracting(ServerEventMessage::getEventId)
                .containsExactly(-1L, -1L);
        stream.listener.onEvent("12", "nodot {}");
        effects.expect("report: invalid selector (no '.'): 'nodot' in event id 12");
        stream.listener.onProblem(new ServerEventsException("line too long"));
        effects.expect("report: line too long");
        effects.onDeliver = m -> {
            throw new IllegalStateException("bug");
        };
        stream.listener.onEvent("13", "cmd.three \"3\"");
        effects.expect("deliver cmd.three",
                "report: dispatch of 'cmd.three' failed: java.lang.IllegalStateException: bug");
        assertThat(lifecycle.state()).isEqualTo(State.STARTED);
        assertThat(lifecycle.lastEventId()).isEqualTo("13");
        assertThat(effects.delivered).extracting(ServerEventMessage::getSelector)
                .isEqualTo(List.of("cmd.onConnect", "cmd.one", "cmd.two", "cmd.three"));
    }
}

package io.herald.spring;

import io.herald.ServerEvents;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the back-end to the application context: started with it, stopped (every stream closed) before the
 * web server's graceful shutdown, since open event streams are requests in progress that a graceful
 * shutdown would otherwise wait for until its timeout. Releasing threads and connections is the feature
 * bean's {@code close()}, when the context is destroyed.
 */
final class HeraldLifecycle implements SmartLifecycle {

    /**
     * Above Boot's graceful shutdown phase ({@code DEFAULT_PHASE - 1024}), so Herald stops first, and below the
     * default phase, so app components that publish to Herald while stopping still can.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final ServerEvents serverEvents;
    private volatile boolean running;

    HeraldLifecycle(ServerEvents serverEvents) {
        this.serverEvents = serverEvents;
    }

    @Override
    public void start() {
        serverEvents.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        serverEvents.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

package io.herald.interop;

import org.junit.jupiter.api.BeforeEach;

/** {@link PlainClientsLiveness} on the memory back-end: one server. */
class MemoryPlainClientsIT extends PlainClientsLiveness {

    private TestHerald herald;

    @BeforeEach
    void start() {
        herald = TestHerald.memory(options());
    }

    @Override
    void closeServers() throws Exception {
        TestHerald.closeAll(herald);
    }

    @Override
    TestHerald clientSide() {
        return herald;
    }

    @Override
    TestHerald watcherSide() {
        return herald;
    }
}

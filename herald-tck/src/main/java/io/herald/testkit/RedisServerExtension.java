package io.herald.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link RedisServerProcess} per test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test void works() { String uri = redis.server().uri(); ... }
 * }</pre>
 *
 * <p>The server starts before all tests of the class and is closed after them. Before each test it is
 * started again if an earlier test stopped it (outage tests), so every test begins with a running server;
 * keys are <em>not</em> flushed unless {@link #flushBeforeEach()} was called. Test methods and lifecycle
 * methods may also declare a {@link RedisServerProcess} parameter. Missing binary: see
 * {@link RedisServerProcess} (fails when {@code HERALD_REQUIRE_EXTERNALS=true} or {@code CI=true}, otherwise
 * aborts the tests with an explanation).
 *
 * <p>Register it as a {@code static} field; it is not meant to be shared between test classes running in
 * parallel.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    private volatile RedisServerProcess server;
    private volatile boolean flushBeforeEach;

    /** Also run {@code FLUSHALL} before each test. Returns this extension. */
    public RedisServerExtension flushBeforeEach() {
        this.flushBeforeEach = true;
        return this;
    }

    /**
     * The running server.
     *
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public RedisServerProcess server() {
        RedisServerProcess s = server;
        if (s == null) {
            throw new IllegalStateException("RedisServerExtension has no server: register it as a static "
                    + "@RegisterExtension field and use it inside the test lifecycle");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = RedisServerProcess.startNew();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RedisServerProcess s = server();
        s.start();
        if (flushBeforeEach) {
            s.flushAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisServerProcess s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}

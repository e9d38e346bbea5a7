package io.herald.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the real chat app in-process for integration tests: loopback, a free port, quick heartbeats. */
final class TestApps {

    /** Credentials every test app accepts: {@code bob} / {@code pass} (a cheap hash keeps tests fast). */
    static final String USERS = "bob:" + PasswordHasher.hash("pass", 1_000);

    private TestApps() {
    }

    /**
     * A running app; {@code keyValues} ({@code key, value, key, value...}) override the test defaults
     * ({@code host 127.0.0.1}, {@code port 0}, heartbeats every second, idle timeout 5 s, user bob).
     */
    static ChatApp start(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, String> test = new LinkedHashMap<>();
        test.put("host", "127.0.0.1");
        test.put("port", "0");
        test.put("HeartbeatIntervalSeconds", "1");
        test.put("IdleTimeoutSeconds", "5");
        test.put("users", USERS);
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            given.put(keyValues[i], keyValues[i + 1]);
        }
        return ChatApp.start(AppSettings.builder()
                .add("test", given)
                .add("test defaults", test)
                .add("defaults", ChatOptions.DEFAULTS)
                .build());
    }

    /** The page URL of {@code app} plus {@code query} (e.g. {@code ?channels=a,b}). */
    static String page(ChatApp app, String query) {
        return "http://127.0.0.1:" + app.port() + "/" + query;
    }
}

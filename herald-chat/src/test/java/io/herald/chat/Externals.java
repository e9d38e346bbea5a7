package io.herald.chat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the external programs the tests use (chromium, chromedriver, node). When one is missing the test
 * fails if {@code CI=true} or {@code HERALD_REQUIRE_EXTERNALS=true} is set, so CI never skips silently, and
 * is skipped (with how to install it) on a developer machine otherwise.
 */
final class Externals {

    private Externals() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HERALD_REQUIRE_EXTERNALS"));
    }

    /** The first executable of {@code candidates} (absolute paths or names looked up on the PATH). */
    static String require(String what, String installHint, String... candidates) {
        String found = find(candidates);
        if (found == null) {
            String message = what + " not found (looked for " + String.join(", ", candidates) + "): " + installHint;
            if (required()) {
                throw new IllegalStateException(message + " [required because CI or HERALD_REQUIRE_EXTERNALS is set]");
            }
            assumeTrue(false, message);
        }
        return found;
    }

    static String find(String... candidates) {
        for (String c : candidates) {
            if (c.contains("/")) {
                if (Files.isExecutable(Path.of(c))) {
                    return c;
                }
                continue;
            }
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, c);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}

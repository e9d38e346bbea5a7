package io.herald.examples.springchat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds chromium and chromedriver. A missing one fails the test when {@code CI=true} or
 * {@code HERALD_REQUIRE_EXTERNALS=true}, and skips it (saying how to install it) on a developer machine otherwise.
 */
final class Externals {

    private Externals() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HERALD_REQUIRE_EXTERNALS"));
    }

    static String require(String what, String installHint, String... candidates) {
        for (String c : candidates) {
            if (c.contains("/")) {
                if (Files.isExecutable(Path.of(c))) {
                    return c;
                }
                continue;
            }
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    return Path.of(dir, c).toString();
                }
            }
        }
        String message = what + " not found (looked for " + String.join(", ", candidates) + "): " + installHint;
        if (required()) {
            throw new IllegalStateException(message + " [required because CI or HERALD_REQUIRE_EXTERNALS is set]");
        }
        assumeTrue(false, message);
        return null;
    }
}

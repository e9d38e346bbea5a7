package io.herald.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds what the interop tests run: chromium, chromedriver, node and the npm packages in {@code js/node_modules}.
 * When one is missing the test FAILS if {@code CI=true} or {@code HERALD_REQUIRE_EXTERNALS=true} is set (CI never
 * skips silently) and is skipped, saying how to install it, on a developer machine otherwise.
 */
final class Externals {

    /** The folder with package.json, package-lock.json, the node scripts and (after npm ci) node_modules. */
    static final Path JS = Path.of("js").toAbsolutePath();

    /** What installs {@link #JS}'s packages, from the repository's root (scripts/test runs it). */
    static final String NPM_CI = "npm ci --prefix herald-interop/js --no-audit --no-fund";

    private Externals() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("HERALD_REQUIRE_EXTERNALS"));
    }

    /** Fails (CI) or skips (elsewhere) the calling test with {@code message}. */
    static void missing(String message) {
        if (required()) {
            throw new IllegalStateException(message + " [required because CI or HERALD_REQUIRE_EXTERNALS is set]");
        }
        assumeTrue(false, message);
    }

    /** The first executable of {@code candidates} (absolute paths, or names looked up on the PATH). */
    static String require(String what, String installHint, String... candidates) {
        String found = find(candidates);
        if (found == null) {
            missing(what + " not found (looked for " + String.join(", ", candidates) + "): " + installHint);
        }
        return found;
    }

    static String chromium() {
        return require("chromium", "apt-get install chromium (scripts/test does)",
                "/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "google-chrome");
    }

    static String chromedriver() {
        return require("chromedriver", "apt-get install chromium-driver (scripts/test does)",
                "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "chromedriver");
    }

    static String node() {
        return require("node", "apt-get install nodejs npm (scripts/test does), then run " + NPM_CI, "node", "nodejs");
    }

    /** The node script {@code name} in {@link #JS}, once node and the npm packages it imports are installed. */
    static Path nodeScript(String name) {
        Path script = JS.resolve(name);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("missing " + script);
        }
        for (String pkg : new String[] {"eventsource", "@servicestack/client"}) {
            if (!Files.isRegularFile(JS.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                missing("npm package " + pkg + " is not installed in " + JS.resolve("node_modules")
                        + ": run `" + NPM_CI + "` from the repository's root (scripts/test does)");
            }
        }
        return script;
    }

    private static String find(String... candidates) {
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

package io.herald.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An example's {@code main} in its own JVM, as a user runs it ({@code java -cp ... Example}), with environment
 * variables for its settings and its output kept in files. Closing it kills what is still running.
 */
final class ExampleProcess implements AutoCloseable {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private ExampleProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ExampleProcess start(Class<?> main, Path dir, Map<String, String> env) throws IOException {
        String name = main.getSimpleName() + "-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(List.of(JAVA, "-cp", System.getProperty("java.class.path"), main.getName()))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new ExampleProcess(main.getSimpleName(), pb.start(), out, err);
    }

    /** Waits (at most 30 s) until standard output has a match of {@code pattern}; returns group 1. */
    String awaitOutput(Pattern pattern) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher m = pattern.matcher(stdout());
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            assertThat(process.isAlive()).as("%s is running; stderr:%n%s", name, stderr()).isTrue();
            return false;
        });
        return found[0];
    }

    /** Waits at most 30 s for the process to end by itself; returns its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s ended; stdout:%n%s%nstderr:%n%s", name, stdout(), stderr())
                .isTrue();
        return process.exitValue();
    }

    /** Sends SIGTERM (what Ctrl-C or a service manager does) and waits at most 30 s for the JVM to end. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Builds the C load client with {@code bin/build-native.sh} (cc; its --selftest must pass) and runs it
 * as a real process against a small SSE server on loopback that sends a known sequence (a duplicate and
 * a late event included, frames split across chunks): its counters and latencies must match.
 */
class NativeClientIT {

    private static final int SUBSCRIBERS = 3;

    @Test
    void countsAndLatenciesOfARealStream() throws Exception {
        Process build = new ProcessBuilder("bash", "bin/build-native.sh").redirectErrorStream(true).start();
        String buildOut = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as("build-native.sh: %s", buildOut).isZero();
        Path client = Path.of("target/native/sse-client");
        assertThat(Files.isExecutable(client)).isTrue();

        List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server, held), "sse-test-server");
            serving.setDaemon(true);
            serving.start();
            Process p = new ProcessBuilder(client.toString(), "--servers", "http://127.0.0.1:" + server.getLocalPort(),
                    "--sub-path", "/sub/{channel}", "--subscribers", Integer.toString(SUBSCRIBERS), "--duration", "2")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            Map<String, String> snap = fields(out, "@@SNAP");
            assertThat(fields(out, "@@READY")).containsEntry("est", "3").containsEntry("failed", "0");
            assertThat(snap).containsEntry("est", "3").containsEntry("recv", "18").containsEntry("dup", "3")
                    .containsEntry("reord", "3").containsEntry("uniq", "15").containsEntry("exp", "15");
            Histogram h = Histograms.fromSnap(snap);
            assertThat(h.getTotalCount()).isEqualTo(18);
            // the Java server stamped System.nanoTime(), the client reads CLOCK_MONOTONIC: same clock
            assertThat(h.getMaxValue()).isLessThan(TimeUnit.SECONDS.toMicros(5));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * Answers SUBSCRIBERS GETs with a chunked SSE stream: sequences 1, 2, 3, 2 (duplicate), 5, 4 (late).
     * The streams stay open (in {@code held}) until the test closes them.
     */
    private static void serve(ServerSocket server, List<Socket> held) {
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Socket s = server.accept();
                held.add(s);
                readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                StringBuilder body = new StringBuilder(": hello\n\n");
                for (long seq : new long[] {1, 2, 3, 2, 5, 4}) {
                    body.append("id: ").append(seq).append("\ndata: c0@cmd.bench {\"s\":").append(seq).append(",\"t\":")
                            .append(System.nanoTime()).append(",\"p\":\"xxxx\"}\n\n");
                }
                byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
                // odd chunk sizes, so frames and numbers are split across chunks
                for (int off = 0; off < bytes.length; off += 37) {
                    int n = Math.min(37, bytes.length - off);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, off, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the test's assertions report what went missing
        }
    }

    private static void readHead(InputStream in) throws Exception {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    private static Map<String, String> fields(String out, String kind) {
        for (String line : out.split("\n")) {
            if (line.startsWith(kind)) {
                Map<String, String> m = new HashMap<>();
                for (String part : line.substring(kind.length()).trim().split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        m.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
                return m;
            }
        }
        throw new AssertionError("no " + kind + " line in: " + out);
    }
}

package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A client that pipelines many requests in one write gets every answer, in order, on the same connection. */
class PipeliningIT {

    record Ping(String n) {
    }

    @Test
    void fiveHundredPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        HeraldServer server = HeraldServer.builder().host("127.0.0.1").port(0)
                .route("POST", "/ping/{n}", Ping.class, (ctx, req) -> req.n())
                .build();
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                all.append("POST /ping/").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            }
            socket.getOutputStream().write(all.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int answers = 0;
            while (answers < 500) {
                int n = in.read(buf);
                assertThat(n).as("connection closed after %d answers", answers).isPositive();
                got.write(buf, 0, n);
                answers = got.toString(StandardCharsets.US_ASCII).split("HTTP/1.1 200", -1).length - 1;
            }
            String text = got.toString(StandardCharsets.US_ASCII);
            int last = -1;
            for (int i = 0; i < 500; i++) {
                int at = text.indexOf("\r\n\r\n\"" + i + "\"", last);
                assertThat(at).as("answer %d in order", i).isGreaterThan(last);
                last = at;
            }
        } finally {
            server.stop();
        }
    }
}

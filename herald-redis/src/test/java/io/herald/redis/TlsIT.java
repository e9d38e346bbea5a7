package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RedisServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rediss://} against redis-server's TLS port with a throw-away self-signed certificate. */
class TlsIT {

    @TempDir
    Path certs;

    @Test
    void subscribesOverTls() throws Exception {
        Path key = certs.resolve("redis.key");
        Path crt = certs.resolve("redis.crt");
        selfSignedCertificate(key, crt);
        int tlsPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            tlsPort = s.getLocalPort();
        }
        try (RedisServerProcess redis = RedisServerProcess.startNew("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", crt.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", crt.toString(), "--tls-auth-clients", "no")) {
            CallbackRecorder rec = new CallbackRecorder();
            // The certificate is self-signed, so peer verification is off for this test only.
            RedisPubSubServer server = new RedisPubSubServer(rec.wire(RedisPubSubOptions.builder(
                    "rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE").channels("t:tls")).build());
            try {
                server.start();
                rec.next("start");
                // published on the plain port, received over TLS
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Long.parseLong(redis.command("PUBLISH", "t:tls", "secure")) >= 1);
                assertThat(rec.next("message").detail()).isEqualTo("t:tls secure");
                assertThat(redis.command("CLIENT", "LIST")).contains("laddr=127.0.0.1:" + tlsPort);
            } finally {
                server.close();
            }
        }
    }

    /** JDK only (keytool + KeyStore), so the test needs no openssl binary. */
    private void selfSignedCertificate(Path keyPem, Path certPem) throws Exception {
        Path store = certs.resolve("redis.p12");
        char[] pass = "changeit".toCharArray();
        run(keytool(), "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        Key key = ks.getKey("redis", pass);
        Certificate cert = ks.getCertificate("redis");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
    }
}

package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests: arbitrary input never throws and parses the same however it is split; well-formed
 * streams round-trip exactly.
 */
class SseParserPropertiesTest {

    private static final int MAX = 256;

    /** Stream fragments chosen to hit parser edge cases far more often than uniform random bytes would. */
    private static final List<byte[]> TOKENS = List.of(
            b("data:"), b("data: "), b("id: "), b("id:"), b("retry: "), b("event: "), b(":"), b(" "),
            b("\r"), b("\n"), b("\r\n"), b("\n\n"), b("x"), b("42"), b("cmd.chat {\"a\":1}"), b("é"), b("€"),
            b("𝄞"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xF0, (byte) 0x9D}, new byte[] {0},
            b("y".repeat(100)), b("z".repeat(300)));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> tokens = Arbitraries.of(TOKENS);
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
        return Arbitraries.oneOf(tokens, tokens, tokens, randomBytes).list().ofMaxSize(200).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 400)
    void anyInputParsesTheSameWhateverTheChunking(@ForAll("streams") byte[] input, @ForAll long seed) {
        SseParserTest.Recorder whole = parse(input, List.of(input.length));
        Random random = new Random(seed);
        List<Integer> chunks = new ArrayList<>();
        int left = input.length;
        while (left > 0) {
            int n = 1 + random.nextInt(Math.min(left, 17));
            chunks.add(n);
            left -= n;
        }
        SseParserTest.Recorder chunked = parse(input, chunks);
        assertThat(chunked.events).isEqualTo(whole.events);
        assertThat(chunked.errors).isEqualTo(whole.errors);
        assertThat(whole.events).allSatisfy(e -> assertThat(e.length()).isLessThan(3 * MAX));
    }

    @Property(tries = 200)
    void randomBytesNeverThrow(@ForAll byte[] input) {
        parse(input, List.of(input.length));
    }

    private static SseParserTest.Recorder parse(byte[] input, List<Integer> chunks) {
        SseParserTest.Recorder r = new SseParserTest.Recorder();
        SseParser parser = new SseParser(MAX, "", r);
        int offset = 0;
        for (int n : chunks) {
            parser.feed(input, offset, n);
            offset += n;
        }
        parser.end();
        return r;
    }

    /** One well-formed event: an optional numeric id and single-line data without CR or LF. */
    record Event(String id, String data) {
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<String> ids = Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf).injectNull(0.3);
        Arbitrary<String> data = Arbitraries.strings().all().ofMaxLength(40)
                .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
                .filter(s -> s.chars().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
        return Combinators.combine(ids, data).as(Event::new).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void wellFormedStreamsRoundTrip(@ForAll("events") List<Event> events, @ForAll long seed) {
        Random random = new Random(seed);
        String[] endings = {"\n", "\r", "\r\n"};
        StringBuilder sb = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
        List<String> expected = new ArrayList<>();
        String lastId = "";
        for (Event e : events) {
            String eol = endings[random.nextInt(endings.length)];
            if (random.nextInt(4) == 0) {
                sb.append(": keep-alive").append(eol);
            }
            if (e.id() != null) {
                sb.append("id: ").append(e.id()).append(eol);
                lastId = e.id();
            }
            // Only one space after the colon is stripped, so data that starts with a space needs "data: ".
            sb.append(random.nextBoolean() || e.data().startsWith(" ") ? "data: " : "data:")
                    .append(e.data()).append(eol).append(eol);
            expected.add("id=" + lastId + " type=message data=" + e.data());
        }
        byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Integer> chunks = new ArrayList<>();
        int left = input.length;
        while (left > 0) {
            int n = 1 + random.nextInt(Math.min(left, 9));
            chunks.add(n);
            left -= n;
        }
        SseParserTest.Recorder r = parse(input, chunks);
        assertThat(r.errors).isEmpty();
        assertThat(r.events).isEqualTo(expected);
    }
}

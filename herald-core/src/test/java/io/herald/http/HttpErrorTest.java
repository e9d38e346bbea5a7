package io.herald.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpErrorTest {

    @Test
    void errorBodiesAreServiceStackJsonWithEveryBreakEscaped() {
        assertThat(HttpError.jsonBody("NotFound", "Subscription 'x' does not exist"))
                .isEqualTo("{\"responseStatus\":{\"errorCode\":\"NotFound\",\"message\":\"Subscription 'x' does not exist\"}}");
        assertThat(HttpError.jsonBody("E", "a\"b\\c\nd\u0000\u2028"))
                .isEqualTo("{\"responseStatus\":{\"errorCode\":\"E\",\"message\":\"a\\\"b\\\\c\\nd\\u0000\\u2028\"}}");
    }

    @Test
    void aMissingMessageIsJsonNull() {
        assertThat(HttpError.jsonBody("E", null)).isEqualTo("{\"responseStatus\":{\"errorCode\":\"E\",\"message\":null}}");
    }
}

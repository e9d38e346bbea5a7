package io.herald.chat;

import java.util.List;

/**
 * Response of {@code GET /chathistory}: {@code {"results":[ChatMessage...]}}, sorted by id.
 *
 * @param results the messages
 */
public record ChatHistoryResponse(List<ChatMessage> results) {

    public ChatHistoryResponse {
        results = results == null ? List.of() : List.copyOf(results);
    }
}

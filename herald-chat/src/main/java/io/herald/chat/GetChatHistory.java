package io.herald.chat;

import java.util.List;

/**
 * Request of {@code GET /chathistory?channels=a,b&afterId=N&take=M}.
 *
 * @param channels  the channels to read
 * @param afterId   only messages with a larger id, or null for all
 * @param take      at most this many per channel (the newest), or null for {@link #DEFAULT_TAKE}
 */
public record GetChatHistory(List<String> channels, Long afterId, Integer take) {

    /** Messages per channel when {@code take} is not given. */
    public static final int DEFAULT_TAKE = 100;

    /**
     * @throws IllegalArgumentException when {@code channels} holds a null (JSON {@code [null]}), which the
     *                                  binding answers with 400 and this message
     */
    public GetChatHistory {
        if (channels != null) {
            for (String channel : channels) {
                if (channel == null) {
                    throw new IllegalArgumentException("'channels' must not contain null");
                }
            }
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}

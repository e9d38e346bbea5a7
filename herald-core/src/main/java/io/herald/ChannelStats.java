package io.herald;

import java.util.Map;

/**
 * How the streams this server holds are spread over channels, for diagnostics
 * ({@link ServerEvents#getChannelStats()}).
 *
 * @param localSubscribers   each channel with at least one stream here, with the number of those streams, by name
 * @param channels           how many channels that is
 * @param localSubscriptions the streams this server holds (a stream in two channels counts once)
 */
public record ChannelStats(Map<String, Integer> localSubscribers, int channels, int localSubscriptions) {

    public ChannelStats {
        localSubscribers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(localSubscribers));
    }
}

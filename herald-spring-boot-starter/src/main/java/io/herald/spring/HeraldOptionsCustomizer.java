package io.herald.spring;

import io.herald.ServerEventsOptions;

/**
 * Adjusts the auto-configured {@link ServerEventsOptions} after the {@code herald.*} properties, the session
 * resolver and the JSON codec are applied: for hooks, a channel authorizer, a clock, or anything a property
 * cannot say. Declare one or more as beans; they run in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * HeraldOptionsCustomizer onlyStaffChannels() {
 *     return options -> options.channelAuthorizer((user, channels, request) ->
 *             channels.contains("staff") && !user.authenticated() ? "staff is for signed-in users" : null);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface HeraldOptionsCustomizer {

    /** Changes the builder the options are built from. */
    void customize(ServerEventsOptions.Builder options);
}

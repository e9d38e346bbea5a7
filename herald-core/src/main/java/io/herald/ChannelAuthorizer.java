package io.herald;

import io.herald.http.HttpExchange;
import java.util.List;

/**
 * Decides who may listen to which channels, before anything is sent: when a stream opens (its head is not
 * written until this says yes) and when a subscription asks to join more channels over HTTP
 * ({@code POST /event-subscribers/{id}}, {@code /api/UpdateEventSubscriber}). Channel changes made from code
 * ({@link ServerEvents#subscribeToChannels}) are trusted and not asked about.
 *
 * <p>Return null to allow, or the reason to refuse: the request is answered {@code 403 Forbidden} with it and
 * changes nothing. Throw {@link io.herald.http.HttpError} for another status (e.g.
 * {@code HttpError.unauthorized("sign in first")} for 401). Called on request threads; may block.
 *
 * <pre>{@code
 * ChannelAuthorizer staffOnly = (user, channels, request) ->
 *         channels.contains("staff") && !isStaff(user.userAuthId()) ? "channel 'staff' is for staff only" : null;
 * }</pre>
 */
@FunctionalInterface
public interface ChannelAuthorizer {

    /** Everyone may listen to every channel (the default). */
    ChannelAuthorizer ALLOW_ALL = (user, channels, request) -> null;

    /**
     * @param user     who asks: the session resolver's answer when a stream opens, the subscription's user when it
     *                 asks to join more channels
     * @param channels the channels asked for (for a join, only the new ones)
     * @param request  the HTTP request
     * @return null to allow, or why not (answered with 403)
     */
    String deny(UserSession user, List<String> channels, HttpExchange request);
}

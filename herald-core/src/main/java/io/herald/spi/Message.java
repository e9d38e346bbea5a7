package io.herald.spi;

import io.herald.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one publish carries through a {@link Broker}: who it is for, its selector and its JSON body. The node
 * builds it once per publish, with the body already serialised; every node that receives it encodes the SSE
 * frame once from it (and again from history when a client resumes), so history holds messages, not frames.
 *
 * <p>Targets: everyone, one or more channels, or one subscription, user id, user name or session, optionally
 * only those of them listening to {@link #channelFilter()}.
 *
 * <p><b>Kept or not.</b> A message is {@link #kept() kept} in history (so a reconnecting client can be
 * given it) unless it is for one subscription, or it is a presence event: a channel message whose selector
 * is {@code cmd.onJoin}, {@code cmd.onLeave} or {@code cmd.onUpdate}. Brokers must store kept messages under
 * each of their {@link #addresses()} and nothing else; every node derives the same answer from the message
 * itself, so the flag never travels.
 *
 * <p>Immutable and thread-safe. The factories check nothing but nullness: the node validates names and
 * selectors before it builds a message, brokers validate what they receive from elsewhere.
 */
public final class Message {

    /** Whom a message is for. */
    public enum Target {
        /** Every subscription. */
        ALL,
        /** Every subscription of any of {@link #names()}, each once. */
        CHANNELS,
        /** The subscription whose id is the one name. */
        SUBSCRIPTION,
        /** Every subscription of an authenticated user id. */
        USER_ID,
        /** Every subscription of a user name. */
        USER_NAME,
        /** Every subscription of a session id. */
        SESSION
    }

    /** Selectors of presence events, which are never kept in history. */
    public static final Set<String> PRESENCE_SELECTORS = Set.of("cmd.onJoin", "cmd.onLeave", "cmd.onUpdate");

    private final Target target;
    private final List<String> names;
    private final String selector;
    private final String channelFilter;
    private final String body;

    private Message(Target target, List<String> names, String selector, String channelFilter, String body) {
        this.target = Objects.requireNonNull(target, "target");
        this.names = List.copyOf(names);
        this.selector = Objects.requireNonNull(selector, "selector");
        this.channelFilter = channelFilter;
        this.body = body == null ? "" : body;
        if (target == Target.ALL ? !this.names.isEmpty() : target == Target.CHANNELS ? this.names.isEmpty()
                : this.names.size() != 1) {
            throw new IllegalArgumentException(target + " message with names " + this.names);
        }
    }

    /** To everyone. */
    public static Message toAll(String selector, String body) {
        return new Message(Target.ALL, List.of(), selector, null, body);
    }

    /** To every subscription of any of {@code channels} (one or more), each once. */
    public static Message toChannels(List<String> channels, String selector, String body) {
        return new Message(Target.CHANNELS, channels, selector, null, body);
    }

    /** To the subscriptions named by a {@code SUBSCRIPTION}, {@code USER_ID}, {@code USER_NAME} or {@code SESSION} target. */
    public static Message to(Target target, String name, String selector, String body, String channelFilter) {
        if (target == Target.ALL || target == Target.CHANNELS) {
            throw new IllegalArgumentException("use toAll or toChannels for " + target);
        }
        return new Message(target, List.of(Objects.requireNonNull(name, "name")), selector, channelFilter, body);
    }

    public Target target() {
        return target;
    }

    /** The channels ({@code CHANNELS}), the one subscription id, user id, user name or session, or none ({@code ALL}). */
    public List<String> names() {
        return names;
    }

    /** The one name of a targeted message; null for {@code ALL}, the first channel for {@code CHANNELS}. */
    public String name() {
        return names.isEmpty() ? null : names.get(0);
    }

    public String selector() {
        return selector;
    }

    /** Deliver only to subscriptions listening to this channel; null for no filter (always null for {@code ALL} and {@code CHANNELS}). */
    public String channelFilter() {
        return channelFilter;
    }

    /** The JSON body, single-line; empty for none. */
    public String body() {
        return body;
    }

    /** Whether history keeps this message (see the class comment). */
    public boolean kept() {
        return target != Target.SUBSCRIPTION && !(target == Target.CHANNELS && PRESENCE_SELECTORS.contains(selector));
    }

    /** Where history keeps this message: one address per channel, or the one of its target; none when not kept. */
    public List<Address> addresses() {
        if (!kept()) {
            return List.of();
        }
        return switch (target) {
            case ALL -> List.of(Address.ALL);
            case CHANNELS -> {
                List<Address> out = new ArrayList<>(names.size());
                names.forEach(c -> out.add(Address.channel(c)));
                yield out;
            }
            default -> List.of(new Address(target, names.get(0)));
        };
    }

    /** A short description for logs: the target and selector, never the body. */
    @Override
    public String toString() {
        return target + (names.isEmpty() ? "" : " " + Selectors.printable(String.join(",", names))) + " "
                + Selectors.printable(selector) + (channelFilter == null ? "" : "@" + Selectors.printable(channelFilter));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && target == m.target && names.equals(m.names) && selector.equals(m.selector)
                && Objects.equals(channelFilter, m.channelFilter) && body.equals(m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, names, selector, channelFilter, body);
    }
}

package io.herald.chat;

import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.SubscriptionInfo;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ServerEvents} that records every send as a {@link Sent} instead of delivering it, over a fixed
 * set of subscriptions. Validates selectors and channels like a real back-end, so bad input fails the
 * same way. Built as a dynamic proxy so it keeps compiling while the core interface grows: methods the
 * chat services do not use run their default implementation or throw UnsupportedOperationException.
 */
final class FakeServerEvents {

    /** One recorded send: {@code kind} names the method (channel, userId, subscription, all, ...). */
    record Sent(String kind, String target, String selector, Object message) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Map<String, SubscriptionInfo> subs = new ConcurrentHashMap<>();
    final AtomicInteger resets = new AtomicInteger();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    final ServerEvents api = (ServerEvents) Proxy.newProxyInstance(ServerEvents.class.getClassLoader(),
            new Class<?>[] {ServerEvents.class}, new Handler());

    SubscriptionInfo addSubscription(String id, String userId, String displayName, boolean authenticated, String... channels) {
        SubscriptionInfo info = new SubscriptionInfo(id, List.of(channels), userId, displayName, displayName, null,
                "127.0.0.1", authenticated, 0, 0, Map.of("userId", userId, "displayName", displayName), Map.of(), Map.of());
        subs.put(id, info);
        return info;
    }

    private final class Handler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int n = args == null ? 0 : args.length;
            switch (name) {
                case "notifyAll":
                    if (n == 2) {
                        return record("all", null, (String) args[0], args[1]);
                    }
                    break;
                case "notifyChannel":
                    if (n == 3) {
                        Selectors.checkChannel((String) args[0]);
                        return record("channel", (String) args[0], (String) args[1], args[2]);
                    }
                    break;
                case "notifySubscription", "notifyUserId", "notifyUserName", "notifySession":
                    if (n == 4) {
                        String kind = switch (name) {
                            case "notifySubscription" -> "subscription";
                            case "notifyUserId" -> "userId";
                            case "notifyUserName" -> "userName";
                            default -> "session";
                        };
                        return record(kind, (String) args[0], (String) args[1], args[2]);
                    }
                    break;
                case "getSubscriptionInfo":
                    return subs.get((String) args[0]);
                case "getSubscriptionInfosByUserId":
                    return subs.values().stream().filter(s -> s.userId().equals(args[0])).toList();
                case "getAllSubscriptionInfos":
                    return List.copyOf(subs.values());
                case "getNextSequence":
                    return sequences.computeIfAbsent((String) args[0], k -> new AtomicLong()).incrementAndGet();
                case "reset":
                    resets.incrementAndGet();
                    subs.clear();
                    return null;
                case "start", "stop":
                    return null;
                case "toString":
                    return "FakeServerEvents" + sent;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException("FakeServerEvents does not implement " + method);
        }

        private Object record(String kind, String target, String selector, Object message) {
            Selectors.checkSelector(selector);
            sent.add(new Sent(kind, target, selector, message));
            return null;
        }
    }
}

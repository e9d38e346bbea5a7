package io.herald.redis;

import io.herald.EventSubscription;
import io.herald.SubscriptionInfo;
import io.herald.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sse:id:<subId>} value: a subscription as JSON in ServiceStack's layout (camelCase, nulls left
 * out, {@code createdAt} as {@code "\/Date(ms)\/"}), so tools that read ServiceStack's keys read Herald's.
 */
final class SubscriptionInfoJson {

    private SubscriptionInfoJson() {
    }

    static String write(EventSubscription sub) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"createdAt\":\"\\/Date(").append(sub.createdAt()).append(")\\/\"");
        sb.append(",\"channels\":[");
        List<String> channels = sub.channels();
        for (int i = 0; i < channels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.quote(sb, channels.get(i));
        }
        sb.append(']');
        field(sb, "userId", sub.userId());
        field(sb, "userName", sub.userName());
        field(sb, "displayName", sub.displayName());
        field(sb, "sessionId", sub.sessionId());
        field(sb, "subscriptionId", sub.id());
        field(sb, "userAddress", sub.userAddress());
        sb.append(",\"isAuthenticated\":").append(sub.isAuthenticated());
        sb.append(",\"meta\":").append(Json.writeFlat(sub.metaSnapshot()));
        sb.append(",\"connectArgs\":{}");
        sb.append(",\"serverArgs\":").append(Json.writeFlat(new LinkedHashMap<>(sub.serverArgs())));
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(",\"").append(name).append("\":");
            Json.quote(sb, value);
        }
    }

    /**
     * Reads a stored subscription (Herald's or ServiceStack's; property names case-insensitive).
     *
     * @throws IllegalArgumentException if it is not such a JSON object
     */
    static SubscriptionInfo read(String json, long lastPulseAt) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("Stored subscription is not a JSON object");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), v));
        List<String> channels = new ArrayList<>();
        if (m.get("channels") instanceof List<?> list) {
            list.forEach(c -> channels.add(String.valueOf(c)));
        }
        long createdAt = date(m.get("createdat"));
        return new SubscriptionInfo(str(m.get("subscriptionid")), channels, str(m.get("userid")),
                str(m.get("username")), str(m.get("displayname")), str(m.get("sessionid")),
                str(m.get("useraddress")), Boolean.TRUE.equals(m.get("isauthenticated"))
                        || "true".equals(String.valueOf(m.get("isauthenticated"))),
                createdAt, lastPulseAt > 0 ? lastPulseAt : createdAt, strings(m.get("meta")),
                strings(m.get("connectargs")), strings(m.get("serverargs")));
    }

    private static String str(Object v) {
        return v == null ? null : String.valueOf(v);
    }

    private static Map<String, String> strings(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> map) {
            map.forEach((k, val) -> {
                if (val != null) {
                    out.put(String.valueOf(k), String.valueOf(val));
                }
            });
        }
        return out;
    }

    /** {@code /Date(1718000000000)/}, {@code /Date(1718000000000+0000)/} or a plain number. */
    static long date(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v == null) {
            return 0;
        }
        String s = v.toString();
        int open = s.indexOf('(');
        if (open >= 0) {
            int end = open + 1;
            if (end < s.length() && s.charAt(end) == '-') {
                end++;
            }
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            return Long.parseLong(s.substring(open + 1, end));
        }
        return Long.parseLong(s);
    }
}

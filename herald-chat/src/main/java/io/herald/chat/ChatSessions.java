package io.herald.chat;

import io.herald.SessionResolver;
import io.herald.UserSession;
import io.herald.http.HttpExchange;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat's sessions: an in-memory store keyed by the {@value #COOKIE} cookie (a random 20-character id,
 * set {@code HttpOnly; SameSite=Lax} by the routes), and the {@link SessionResolver} the Server Events
 * feature uses to turn that cookie into a {@link UserSession}.
 *
 * <p>A visitor without a signed-in session is anonymous, but still carries its cookie value as
 * {@link UserSession#sessionId()}, so {@code notifySession} reaches every tab of one browser. Sessions are
 * per server: with several instances behind one Redis, a user signs in on the instance they use.
 * Sessions idle longer than the idle limit are dropped (checked whenever a session is created).
 *
 * <p>Thread-safe.
 */
public final class ChatSessions implements SessionResolver {

    /** Name of the session cookie, as ServiceStack names it. */
    public static final String COOKIE = "ss-id";

    /** How long an unused session is kept by the default constructor. */
    public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofHours(12);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 20;

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration idleLimit;
    private volatile long lastSweepMillis;
    private static final long SWEEP_EVERY_MILLIS = 60_000;
    private final Clock clock;

    /**
     * A signed-in session.
     *
     * @param id            the cookie value
     * @param userAuthId    the user's id ({@code null} for guests: Herald then numbers them {@code -n})
     * @param userName      the user name (credentials), or null for guests
     * @param displayName   the name shown to others
     * @param authenticated true for credentials, false for guests (who only chose a name)
     */
    public record Session(String id, String userAuthId, String userName, String displayName, boolean authenticated) {

        /** This session as the Server Events feature sees it. */
        public UserSession toUserSession() {
            return new UserSession(userAuthId, userName, displayName, null, id, authenticated);
        }
    }

    private static final class Entry {
        final Session session;
        volatile long lastUsedMillis;

        Entry(Session session, long now) {
            this.session = session;
            this.lastUsedMillis = now;
        }
    }

    public ChatSessions() {
        this(DEFAULT_IDLE_LIMIT, Clock.systemUTC());
    }

    /**
     * @param idleLimit how long a session may go unused before it is forgotten (positive)
     * @param clock     the time source (injectable for tests)
     */
    public ChatSessions(Duration idleLimit, Clock clock) {
        if (idleLimit == null || idleLimit.isNegative() || idleLimit.isZero()) {
            throw new IllegalArgumentException("idleLimit must be > 0: " + idleLimit);
        }
        this.idleLimit = idleLimit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new random session id: 20 characters {@code [A-Za-z0-9]} from {@link SecureRandom}. */
    public static String newId() {
        StringBuilder sb = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    /** Whether {@code id} has the shape {@link #newId()} makes (anything else is ignored). */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (ID_CHARS.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Starts a credentials session for {@code userName} under a new id. */
    public Session signIn(String userName) {
        return put(new Session(newId(), userName, userName, userName, true));
    }

    /** Starts a guest session (anonymous, with a chosen display name) under a new id. */
    public Session signInGuest(String displayName) {
        return put(new Session(newId(), null, null, displayName, false));
    }

    /** Forgets the session with this id, if any. */
    public void signOut(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** The live session with this id. */
    public Optional<Session> find(String id) {
        if (!isWellFormed(id)) {
            return Optional.empty();
        }
        Entry e = sessions.get(id);
        if (e == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (now - e.lastUsedMillis > idleLimit.toMillis()) {
            sessions.remove(id, e);
            return Optional.empty();
        }
        e.lastUsedMillis = now;
        return Optional.of(e.session);
    }

    /** The session named by the request's {@value #COOKIE} cookie. */
    public Optional<Session> find(HttpExchange request) {
        return find(request.cookie(COOKIE));
    }

    /** Number of live sessions (for tests and stats). */
    public int size() {
        return sessions.size();
    }

    /**
     * The signed-in session of the request, or an anonymous one that carries the cookie value (if it is
     * well formed) as its session id.
     */
    @Override
    public UserSession resolve(HttpExchange request) {
        String cookie = request.cookie(COOKIE);
        return find(cookie).map(Session::toUserSession)
                .orElseGet(() -> UserSession.anonymous(isWellFormed(cookie) ? cookie : null));
    }

    private Session put(Session session) {
        long now = clock.millis();
        // sweeping at most once a minute, on create, keeps the store bounded without a background thread
        long last = lastSweepMillis;
        if (now - last >= SWEEP_EVERY_MILLIS) {
            lastSweepMillis = now;
            sessions.values().removeIf(e -> now - e.lastUsedMillis > idleLimit.toMillis());
        }
        sessions.put(session.id(), new Entry(session, now));
        return session;
    }
}

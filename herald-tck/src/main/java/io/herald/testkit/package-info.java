/**
 * Real external servers for tests, with no dependency beyond the JDK and the JUnit Jupiter API.
 *
 * <p>{@link io.herald.testkit.RedisServerProcess} runs Debian's {@code redis-server} (or a Sentinel) as a child
 * process on a free loopback port, can kill it and bring it back on the same port, and cleans up after
 * itself; {@link io.herald.testkit.RedisServerExtension} wraps one per test class. When the binary is missing
 * the tests fail if {@code HERALD_REQUIRE_EXTERNALS=true} or {@code CI=true}, and are skipped with an
 * explanation otherwise.
 */
package io.herald.testkit;

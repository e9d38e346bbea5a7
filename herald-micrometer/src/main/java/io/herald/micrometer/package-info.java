/**
 * Micrometer meters for Herald: {@link io.herald.micrometer.HeraldMetrics} binds every statistic of a
 * {@code ServerEvents} back-end (or of a transport such as {@code HeraldServer}) to a registry, counters as
 * counters and gauges as gauges, read live at scrape time.
 */
package io.herald.micrometer;

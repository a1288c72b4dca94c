/**
 * XEP-0133's message of the day (§4.23 set-motd, §4.24 edit-motd, §4.25 delete-motd; the commands
 * themselves are in {@code sharding/admin}): the text per hosted domain behind the port
 * {@link io.switchboard.sharding.motd.MotdTexts} (Cassandra, through {@code node}), a short-lived
 * per-node cache of it ({@link io.switchboard.sharding.motd.CachedMotd}), and the login hook that
 * sends it ({@link io.switchboard.sharding.motd.MotdAtLogin}).
 */
package io.switchboard.sharding.motd;

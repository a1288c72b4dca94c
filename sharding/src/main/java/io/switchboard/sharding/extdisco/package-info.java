/**
 * XEP-0215 external service discovery: the STUN/TURN servers of the configuration
 * ({@link io.switchboard.sharding.extdisco.ExternalServicesSettings}), answered on the server's
 * domain to its own users with fixed or time-limited (coturn {@code use-auth-secret}) credentials
 * by {@link io.switchboard.sharding.extdisco.ExternalServices}; not announced when none is set.
 */
package io.switchboard.sharding.extdisco;

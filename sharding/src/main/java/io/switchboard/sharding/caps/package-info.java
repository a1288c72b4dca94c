/**
 * XEP-0115 entity capabilities: what a presence's {@code <c/>} names, how a disco#info answer is
 * checked against it, and the cluster-wide cache of verified feature lists.
 */
package io.switchboard.sharding.caps;

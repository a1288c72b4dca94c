/**
 * XEP-0050 ad-hoc commands at the server's domain with the XEP-0133 service administration
 * commands for the server's admins ({@code switchboard.admins}): add, delete a user, change a
 * password, end sessions, count and list online users (cluster-wide), announce, set, edit and
 * delete the message of the day ({@code sharding/motd} sends it at login). The request is
 * read ({@link io.switchboard.sharding.admin.CommandRequest}), decided by a pure step
 * ({@link io.switchboard.sharding.admin.CommandLogic}), and done by
 * {@link io.switchboard.sharding.admin.AdminOperations}.
 */
package io.switchboard.sharding.admin;

package io.switchboard.node.status;

/** How many client streams this node holds right now (the c2s listeners answer it). */
@FunctionalInterface
public interface SessionCount {
  int connectedSessions();
}

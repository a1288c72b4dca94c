package io.switchboard.bench.client;

import java.util.ArrayList;
import java.util.random.RandomGenerator;

/**
 * The online sessions of one event loop, with O(1) add, remove and random pick. Not thread-safe:
 * used only on its loop. Each session remembers its slot, removal swaps the last one into it.
 */
public final class OnlineSessions {
  private final ArrayList<ClientSession> sessions = new ArrayList<>();

  public void add(ClientSession s) {
    if (s.slot() >= 0) {
      return;
    }
    s.slot(sessions.size());
    sessions.add(s);
  }

  public void remove(ClientSession s) {
    int slot = s.slot();
    if (slot < 0 || slot >= sessions.size() || sessions.get(slot) != s) {
      return;
    }
    ClientSession last = sessions.remove(sessions.size() - 1);
    if (last != s) {
      sessions.set(slot, last);
      last.slot(slot);
    }
    s.slot(-1);
  }

  public int size() {
    return sessions.size();
  }

  public ClientSession get(int index) {
    return sessions.get(index);
  }

  /** A random online session other than {@code except}; null when there is none. */
  public ClientSession randomOther(ClientSession except, RandomGenerator random) {
    int n = sessions.size();
    if (n < 2) {
      return null;
    }
    int i = random.nextInt(n - 1);
    return i >= except.slot() ? sessions.get(i + 1) : sessions.get(i);
  }
}

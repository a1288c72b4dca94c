package io.switchboard.sharding.admin;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.admin.AccountAdmin.Result;
import io.switchboard.sharding.motd.MotdTexts;
import io.switchboard.sharding.roster.RosterXml;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.EntityJid;

/**
 * Does what a completed command asks, through the paths the server already has: accounts through
 * {@link AccountAdmin} (the node's store; a deletion tells the account's entity, as XEP-0077 does),
 * sessions through the account's entity ({@link UserSession.CloseSessions}), who is online through
 * {@link OnlineUsers}, the announcement through the {@link Router}, the message of the day through
 * {@link MotdTexts}.
 */
public final class AdminOperations {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminOperations.class);
  /** The stream error a session ended by an administrator gets. */
  static final String ENDED = "policy-violation";

  /** What a command did: a note and/or a result form, or an error. */
  record Outcome(String note, boolean warn, XmlElement form, CommandLogic.Step.Refuse error) {
    static Outcome note(String note) {
      return new Outcome(note, false, null, null);
    }

    static Outcome refuse(StanzaErrorCondition condition, String text) {
      return new Outcome(null, false, null, new CommandLogic.Step.Refuse(condition, null, text));
    }
  }

  private final DomainBareJid domain;
  private final AccountAdmin accounts;
  private final OnlineUsers online;
  private final Router router;
  private final Duration timeout;
  private final MotdTexts motd;
  private final WelcomeTexts welcome;

  public AdminOperations(DomainBareJid domain, AccountAdmin accounts, OnlineUsers online, Router router,
      Duration timeout, MotdTexts motd, WelcomeTexts welcome) {
    this.domain = domain;
    this.accounts = accounts;
    this.online = online;
    this.router = router;
    this.timeout = timeout;
    this.motd = motd;
    this.welcome = welcome;
  }

  /**
   * The form {@code command} opens with: its fixed one, or for edit-motd the current message of
   * the day filled in (XEP-0133 §4.24), read per request.
   */
  CompletionStage<XmlElement> form(AdminCommand command) {
    return switch (command) {
      case EDIT_MOTD -> motd.current(domain).thenApply(CommandForms::editMotd);
      case SET_WELCOME -> welcome.current(domain).thenApply(CommandForms::setWelcome);
      default -> CompletableFuture.completedFuture(CommandForms.form(command));
    };
  }

  CompletionStage<Outcome> run(AdminOperation op) {
    if (op instanceof AdminOperation.AddUser a) {
      return create(a.user(), a.password()).thenApply(r -> switch (r) {
        case DONE -> Outcome.note("added " + a.user());
        case EXISTS -> Outcome.refuse(StanzaErrorCondition.CONFLICT, a.user() + " exists");
        default -> failed(r, a.user());
      });
    }
    if (op instanceof AdminOperation.ChangePassword c) {
      return changePassword(c.user(), c.password()).thenApply(r -> r == Result.DONE
          ? Outcome.note("changed the password of " + c.user()) : failed(r, c.user()));
    }
    if (op instanceof AdminOperation.DeleteUsers d) {
      return deleteAll(d.users());
    }
    if (op instanceof AdminOperation.DisableUsers d) {
      return setDisabled(d.users(), d.disable());
    }
    if (op instanceof AdminOperation.EndSessions e) {
      return endSessionsNote(e.jids());
    }
    if (op instanceof AdminOperation.CountOnline) {
      return online().thenApply(o -> new Outcome(incomplete(o), !o.complete(),
          CommandForms.onlineCount(o.accounts()), null));
    }
    if (op instanceof AdminOperation.ListOnline l) {
      return online().thenApply(o -> {
        List<String> users = o.fullJids().stream().map(j -> j.substring(0, j.indexOf('/'))).distinct().toList();
        String note = users.size() > l.max() ? "the first " + l.max() + " of " + users.size() : incomplete(o);
        return new Outcome(note, !o.complete(), CommandForms.onlineList(users.stream().limit(l.max()).toList()), null);
      });
    }
    if (op instanceof AdminOperation.CountRegistered) {
      return accounts.count().thenApply(n -> new Outcome(null, false,
          CommandForms.count("registeredusersnum", "The number of registered users", n), null));
    }
    if (op instanceof AdminOperation.ListRegistered l) {
      return accounts.scan(l.max()).thenApply(s -> new Outcome(s.truncated() ? firstRead(l.max()) : null,
          false, CommandForms.jidList("registereduserjids", "The list of all users", strings(s.accounts())), null));
    }
    if (op instanceof AdminOperation.CountDisabled) {
      return accounts.scan(SCAN_ROWS).thenApply(s -> new Outcome(s.truncated() ? amongFirst() : null,
          s.truncated(), CommandForms.count("disabledusersnum", "The number of disabled users", s.disabled().size()),
          null));
    }
    if (op instanceof AdminOperation.ListDisabled l) {
      return accounts.scan(SCAN_ROWS).thenApply(s -> {
        List<String> users = strings(s.disabled());
        String note = s.truncated() ? amongFirst()
            : users.size() > l.max() ? "the first " + l.max() + " of " + users.size() : null;
        return new Outcome(note, s.truncated(), CommandForms.jidList("disableduserjids",
            "The list of all disabled users", users.stream().limit(l.max()).toList()), null);
      });
    }
    if (op instanceof AdminOperation.GetRoster g) {
      return state(g.user()).thenApply(st -> st == null ? failed(Result.NOT_FOUND, g.user())
          : new Outcome(null, false, CommandForms.roster(g.user(), RosterXml.query(st.account().roster(), false)), null));
    }
    if (op instanceof AdminOperation.UserStats u) {
      return state(u.user()).thenApply(st -> st == null ? failed(Result.NOT_FOUND, u.user())
          : new Outcome(null, false, CommandForms.userStats(u.user(), st.account().roster().items().size(),
              st.resources().stream().map(r -> u.user() + "/" + r.resource()).sorted().toList()), null));
    }
    if (op instanceof AdminOperation.GetLastLogin l) {
      return account(l.user()).thenApply(a -> a.isEmpty() ? failed(Result.NOT_FOUND, l.user())
          : new Outcome(a.get().lastLogin() == null ? "no login recorded" : null, false,
              CommandForms.lastLogin(l.user(), a.get().lastLogin()), null));
    }
    if (op instanceof AdminOperation.SetMotd s) {
      return motd.set(domain, s.text()).thenApply(v -> Outcome.note(
          "message of the day set: sent to each user's next login (not to resources online now)"));
    }
    if (op instanceof AdminOperation.DeleteMotd) {
      return motd.delete(domain).thenApply(v -> Outcome.note("message of the day deleted"));
    }
    if (op instanceof AdminOperation.CountActivity c) {
      return online().thenApply(o -> new Outcome(incomplete(o), !o.complete(), c.idle()
          ? CommandForms.count("idleusersnum", "The number of idle users", o.idleUsers().size())
          : CommandForms.count("activeusersnum", "The number of active users", o.activeUsers().size()), null));
    }
    if (op instanceof AdminOperation.ListActivity l) {
      return online().thenApply(o -> {
        List<String> users = l.idle() ? o.idleUsers() : o.activeUsers();
        String note = users.size() > l.max() ? "the first " + l.max() + " of " + users.size() : incomplete(o);
        List<String> shown = users.stream().limit(l.max()).toList();
        return new Outcome(note, !o.complete(), l.idle()
            ? CommandForms.jidList("idleuserjids", "The list of idle users", shown)
            : CommandForms.jidList("activeuserjids", "The list of active users", shown), null);
      });
    }
    if (op instanceof AdminOperation.SetWelcome w) {
      return welcome.set(domain, w.text()).thenApply(v -> Outcome.note(
          "welcome message set: sent to each account created from now on"));
    }
    if (op instanceof AdminOperation.DeleteWelcome) {
      return welcome.delete(domain).thenApply(v -> Outcome.note("welcome message deleted"));
    }
    AdminOperation.Announce a = (AdminOperation.Announce) op;
    return announce(a.subject(), a.body()).thenApply(sent -> new Outcome("sent to " + sent.recipients()
        + " online resource(s)" + (sent.complete() ? "" : "; " + INCOMPLETE), !sent.complete(), null, null));
  }

  // ---------------------------------------------------------------- the operations, for any front end

  /** This node's domain: every account an operation names is of it. */
  public DomainBareJid domain() {
    return domain;
  }

  /**
   * Creates the account (EXISTS when it does) and, once created, sends it the welcome message if
   * one is set. The password is never logged.
   */
  public CompletionStage<Result> create(EntityBareJid user, String password) {
    // Complete only once the welcome message (if any) is on its way to the new account's entity.
    return accounts.create(user, password).thenCompose(r -> r != Result.DONE ? CompletableFuture.completedFuture(r)
        : welcome(user).thenApply(sent -> r));
  }

  /**
   * Sends {@code user}, a new account, the domain's welcome message if one is set: a message
   * (type normal) from the domain to the bare JID, so it is stored offline and delivered at the
   * first login, as any message to an account with no resource online. Called by add-user and
   * {@code POST /admin/accounts} here and by XEP-0077 registration ({@code node/.../admin}); a
   * failed read of the text is logged and sends nothing (the account exists either way).
   */
  public CompletionStage<Boolean> welcome(EntityBareJid user) {
    return welcome.current(domain).handle((text, e) -> {
      if (e != null) {
        log.warn("welcome message for {} not sent: {}", user, e.toString());
        return false;
      }
      text.ifPresent(t -> router.route(XmlElement.builder("message", "jabber:client")
          .attr("from", domain.toString()).attr("to", user.toString()).attr("type", "normal")
          .attr("id", "welcome-" + java.util.UUID.randomUUID())
          .textChild("body", t).build()));
      return text.isPresent();
    });
  }

  /** The domain's welcome message, if set. */
  public CompletionStage<Optional<String>> welcomeText() {
    return welcome.current(domain);
  }

  /** Sets the welcome message ({@code text} not blank: the caller checks). */
  public CompletionStage<Void> setWelcome(String text) {
    return welcome.set(domain, text);
  }

  /** Deletes the welcome message. */
  public CompletionStage<Void> deleteWelcome() {
    return welcome.delete(domain);
  }

  /** The domain's message of the day, if set (this node's cache, as logins read it). */
  public CompletionStage<Optional<String>> motdText() {
    return motd.current(domain);
  }

  /**
   * Sets the message of the day ({@code text} not blank: the caller checks), as set-motd does:
   * through this node's cache, which tells the other nodes' caches on the cluster topic.
   */
  public CompletionStage<Void> setMotd(String text) {
    return motd.set(domain, text);
  }

  /** Deletes the message of the day, as delete-motd does. */
  public CompletionStage<Void> deleteMotd() {
    return motd.delete(domain);
  }

  /** Deletes the account; its entity closes its streams and forgets its data. */
  public CompletionStage<Result> delete(EntityBareJid user) {
    return accounts.delete(user);
  }

  /** Sets the account's password. */
  public CompletionStage<Result> changePassword(EntityBareJid user, String password) {
    return accounts.changePassword(user, password);
  }

  /** Disables (then ends the account's sessions, as end-user-session does) or re-enables the account. */
  public CompletionStage<Result> setDisabled(EntityBareJid user, boolean disable) {
    return applyDisabled(List.of(user), disable).thenApply(c -> c.results().get(0));
  }

  /** What setting the flag did: each account's result (in order) and, when disabling, the sessions ended (else null). */
  private record Flagged(List<Result> results, Ended ended) {}

  /** The one rule of disabling: the flag on each account, then the sessions of those that took it end. */
  private CompletionStage<Flagged> applyDisabled(List<EntityBareJid> users, boolean disable) {
    List<CompletableFuture<Result>> pending = new ArrayList<>();
    for (EntityBareJid u : users) {
      pending.add(accounts.setDisabled(u, disable).toCompletableFuture());
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      List<Result> results = pending.stream().map(CompletableFuture::join).toList();
      List<EntityBareJid> done = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        if (results.get(i) == Result.DONE) {
          done.add(users.get(i));
        }
      }
      if (!disable || done.isEmpty()) {
        return CompletableFuture.completedFuture(new Flagged(results, null));
      }
      return endSessions(List.copyOf(done)).thenApply(ended -> new Flagged(results, ended));
    });
  }

  /**
   * What the server knows of an account: {@code lastLogin} the time its last resource was bound
   * (null when none is recorded), {@code resources} how many resources it has bound now.
   */
  public record AccountInfo(EntityBareJid jid, Instant lastLogin, int resources) {}

  /**
   * The account's info from its entity (the same source as get-user-lastlogin); empty when there
   * is no such account (its entity is not woken then).
   */
  public CompletionStage<Optional<AccountInfo>> account(EntityBareJid user) {
    return state(user).thenApply(st -> st == null ? Optional.empty() : Optional.of(
        new AccountInfo(user, st.account().resources().lastLogin(), st.resources().size())));
  }

  /** Who is online in the whole cluster. */
  public CompletionStage<OnlineUsers.Online> online() {
    return online.query();
  }

  /** What an announcement did: how many resources it was sent to; incomplete when a node or entity did not answer. */
  public record Sent(int recipients, boolean complete) {}

  /** Sends a headline message from the domain to every online resource ({@code subject} may be null). */
  public CompletionStage<Sent> announce(String subject, String body) {
    return online.query().thenApply(o -> {
      for (String jid : o.fullJids()) {
        router.route(announcement(jid, subject, body));
      }
      return new Sent(o.fullJids().size(), o.complete());
    });
  }

  /** What ending sessions did: how many ended; incomplete when an account's entity did not answer. */
  public record Ended(int sessions, boolean complete) {}

  /**
   * Ends sessions with the stream error {@code policy-violation}: a bare JID every session of the
   * account, a full JID that resource's.
   */
  public CompletionStage<Ended> endSessions(List<? extends EntityJid> jids) {
    List<CompletableFuture<Integer>> ended = new ArrayList<>();
    for (EntityJid j : jids) {
      String resource = j instanceof EntityFullJid f ? f.getResourcepart().toString() : null;
      ended.add(router.entity(j.asEntityBareJid())
          .<Integer>ask(r -> new UserSession.CloseSessions(resource, ENDED, r), timeout)
          .toCompletableFuture()
          .exceptionally(e -> -1));
    }
    return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).thenApply(v -> {
      int total = 0;
      boolean unanswered = false;
      for (CompletableFuture<Integer> f : ended) {
        int n = f.join();
        unanswered |= n < 0;
        total += Math.max(n, 0);
      }
      return new Ended(total, !unanswered);
    });
  }

  private XmlElement announcement(String to, String subject, String body) {
    XmlElement.Builder m = XmlElement.builder("message", "jabber:client").attr("from", domain.toString())
        .attr("to", to).attr("type", "headline");
    if (subject != null) {
      m.textChild("subject", subject);
    }
    return m.textChild("body", body).build();
  }

  private CompletionStage<Outcome> deleteAll(List<EntityBareJid> users) {
    List<CompletableFuture<Result>> results = new ArrayList<>();
    for (EntityBareJid u : users) {
      results.add(accounts.delete(u).toCompletableFuture());
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<String> deleted = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        (results.get(i).join() == Result.DONE ? deleted : missing).add(users.get(i).toString());
      }
      if (deleted.isEmpty() && users.size() == 1) {
        return failed(results.get(0).join(), users.get(0));
      }
      String note = "deleted " + String.join(", ", deleted)
          + (missing.isEmpty() ? "" : "; not deleted (no such account or busy): " + String.join(", ", missing));
      return new Outcome(note, !missing.isEmpty(), null, null);
    });
  }

  /** The command's note of {@link #applyDisabled}. */
  private CompletionStage<Outcome> setDisabled(List<EntityBareJid> users, boolean disable) {
    return applyDisabled(users, disable).thenApply(f -> {
      List<String> done = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        (f.results().get(i) == Result.DONE ? done : missing).add(users.get(i).toString());
      }
      if (done.isEmpty() && users.size() == 1) {
        return failed(f.results().get(0), users.get(0));
      }
      String note = (disable ? "disabled " : "re-enabled ") + String.join(", ", done)
          + (missing.isEmpty() ? "" : "; not changed (no such account or busy): " + String.join(", ", missing));
      if (f.ended() == null) {
        return new Outcome(note, !missing.isEmpty(), null, null);
      }
      Ended e = f.ended();
      return new Outcome(note + "; " + endedNote(e), !missing.isEmpty() || !e.complete(), null, null);
    });
  }

  private CompletionStage<Outcome> endSessionsNote(List<? extends EntityJid> jids) {
    return endSessions(jids).thenApply(e -> new Outcome(endedNote(e), !e.complete(), null, null));
  }

  private static String endedNote(Ended e) {
    return "ended " + e.sessions() + " session(s)" + (e.complete() ? "" : "; some accounts did not answer");
  }

  /**
   * The most accounts get-disabled-users-num/-list read (the store has no index of disabled
   * accounts, so they are found by a bounded scan); beyond it the answer says it is partial.
   */
  static final int SCAN_ROWS = 10_000;

  private static String firstRead(int n) {
    return "the first " + n + " accounts read; there are more";
  }

  private static String amongFirst() {
    return "partial: only the first " + SCAN_ROWS + " accounts were read";
  }

  private static List<String> strings(List<EntityBareJid> jids) {
    return jids.stream().map(EntityBareJid::toString).toList();
  }

  /** The account's entity's state, or null when there is no such account (the entity is not woken then). */
  private CompletionStage<UserSession.SessionState> state(EntityBareJid user) {
    return accounts.exists(user).thenCompose(exists -> !exists ? CompletableFuture.completedFuture(null)
        : router.entity(user).<UserSession.SessionState>ask(UserSession.GetState::new, timeout));
  }

  private static final String INCOMPLETE = "incomplete: a node or an account did not answer in time";

  private static String incomplete(OnlineUsers.Online o) {
    return o.complete() ? null : INCOMPLETE;
  }

  private static Outcome failed(Result r, EntityBareJid user) {
    return switch (r) {
      case NOT_FOUND -> Outcome.refuse(StanzaErrorCondition.ITEM_NOT_FOUND, "no account " + user);
      case BUSY -> Outcome.refuse(StanzaErrorCondition.RESOURCE_CONSTRAINT, "the server is busy; try again");
      default -> Outcome.refuse(StanzaErrorCondition.INTERNAL_SERVER_ERROR, "failed");
    };
  }
}

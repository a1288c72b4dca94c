package io.switchboard.node.register;

import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 In-Band Registration on a client stream. Before authentication it creates accounts
 * (only when registration is open); after authentication it changes the password or removes the
 * account, whatever the registration policy. Passwords go straight to the SCRAM derivation of the
 * account store and are never logged.
 */
public final class InBandRegistration {
  private static final Logger log = LoggerFactory.getLogger(InBandRegistration.class);

  private final AccountStore accounts;
  private final DomainBareJid domain;
  private final boolean open;
  private final Consumer<EntityBareJid> onRemoved;

  /** What a handled request means for the stream. */
  public record Outcome(XmlElement reply, boolean accountRemoved) {}

  /**
   * @param onRemoved told (through {@link #removed}) after an account removed itself, so the
   *     cluster forgets its state (roster, offline messages) and closes its other streams
   */
  public InBandRegistration(
      AccountStore accounts, DomainBareJid domain, boolean open, Consumer<EntityBareJid> onRemoved) {
    this.accounts = accounts;
    this.domain = domain;
    this.open = open;
    this.onRemoved = onRemoved;
  }

  /**
   * Tells the cluster that {@code user} removed itself. The caller does this after the removal's
   * result went to the client (XEP-0077 §3.2: result first, then the stream ends), since the
   * cluster closes the user's streams at once.
   */
  public void removed(EntityBareJid user) {
    onRemoved.accept(user);
  }

  public boolean open() {
    return open;
  }

  /** True for an IQ whose payload is a jabber:iq:register query. */
  public static boolean isRegistration(XmlElement stanza) {
    return stanza.name().equals("iq") && stanza.child("query", Namespaces.REGISTER).isPresent();
  }

  /**
   * Handles a registration IQ. {@code user} is the authenticated account, or null before
   * authentication. The reply is addressed by the caller's stream conventions (no 'to' before
   * authentication).
   */
  public CompletionStage<Outcome> handle(XmlElement iq, EntityBareJid user) {
    String type = iq.attr("type");
    XmlElement query = iq.child("query", Namespaces.REGISTER).orElseThrow();
    if ("get".equals(type)) {
      return done(Stanzas.iqResult(iq, form(user)));
    }
    if (!"set".equals(type)) {
      return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
    }
    if (user == null) {
      return register(iq, query);
    }
    if (query.child("remove", Namespaces.REGISTER).isPresent()) {
      return accounts.delete(user).handle((ok, err) -> {
        if (err != null) {
          log.warn("Removing {} failed: {}", user, rootMessage(err));
          return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
        }
        log.info("Account {} removed by its owner", user);
        return new Outcome(Stanzas.iqResult(iq), true);
      });
    }
    Optional<String> username = query.childText("username", Namespaces.REGISTER);
    Optional<String> password = query.childText("password", Namespaces.REGISTER);
    if (password.isEmpty() || password.get().isEmpty()) {
      return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
    }
    if (username.isPresent() && !localpartMatches(username.get(), user)) {
      return done(error(iq, StanzaErrorCondition.NOT_ALLOWED));
    }
    return accounts.changePassword(user, password.get()).handle((ok, err) -> {
      if (err != null) {
        log.warn("Password change for {} failed: {}", user, rootMessage(err));
        return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
      }
      log.info("Password of {} changed in-band", user);
      return new Outcome(Stanzas.iqResult(iq), false);
    });
  }

  private CompletionStage<Outcome> register(XmlElement iq, XmlElement query) {
    if (!open) {
      return done(error(iq, StanzaErrorCondition.NOT_ALLOWED));
    }
    String username = query.childText("username", Namespaces.REGISTER).orElse("");
    String password = query.childText("password", Namespaces.REGISTER).orElse("");
    if (username.isEmpty() || password.isEmpty()) {
      return done(error(iq, StanzaErrorCondition.NOT_ACCEPTABLE));
    }
    Optional<Jid> jid = Jids.parse(username + "@" + domain);
    EntityBareJid account = jid.map(Jid::asEntityBareJidIfPossible).orElse(null);
    if (account == null || jid.get().hasResource() || !account.asDomainBareJid().equals(domain)) {
      return done(error(iq, StanzaErrorCondition.JID_MALFORMED));
    }
    return accounts.create(account, password).handle((ok, err) -> {
      if (err == null) {
        log.info("Account {} registered in-band", account);
        return new Outcome(Stanzas.iqResult(iq), false);
      }
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof AccountExistsException) {
        return new Outcome(error(iq, StanzaErrorCondition.CONFLICT), false);
      }
      log.warn("Registering {} failed: {}", account, rootMessage(err));
      return new Outcome(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR), false);
    });
  }

  private XmlElement form(EntityBareJid user) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.REGISTER);
    if (user != null) {
      q.child(XmlElement.of("registered", Namespaces.REGISTER));
      q.textChild("username", user.getLocalpart().toString());
      q.child(XmlElement.of("password", Namespaces.REGISTER));
    } else {
      q.textChild("instructions", open
          ? "Choose a username and password to register with this server."
          : "Registration is closed on this server.");
      q.child(XmlElement.of("username", Namespaces.REGISTER));
      q.child(XmlElement.of("password", Namespaces.REGISTER));
    }
    return q.build();
  }

  private boolean localpartMatches(String username, EntityBareJid user) {
    return Jids.parse(username + "@" + domain)
        .map(j -> j.asBareJid().equals(user))
        .orElse(false);
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }

  private static CompletionStage<Outcome> done(XmlElement reply) {
    return CompletableFuture.completedFuture(new Outcome(reply, false));
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}

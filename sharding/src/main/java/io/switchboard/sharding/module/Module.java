package io.switchboard.sharding.module;

import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;

/**
 * What one XEP (or RFC feature) adds to the server, registered in one place ({@link Modules}): IQ
 * handlers for accounts' bare JIDs, stages of message delivery, IQ handlers for the server's own
 * domain, and the disco features the server announces on its domain for the accounts' sake. A new
 * feature is a package with a {@code Module} and one registration line. Each part is optional; a
 * module that is itself an {@link AccountIqHandler} or a {@link ServerIqHandler} contributes itself.
 */
public interface Module {

  /** A short human-readable name (XEP number and title), for logs and the status page. */
  String name();

  default List<AccountIqHandler> accountIq() {
    return this instanceof AccountIqHandler self ? List.of(self) : List.of();
  }

  default List<DeliveryStage> deliveryStages() {
    return List.of();
  }

  /** Changes to the user's own outgoing presence (XEP-0398's avatar hash). */
  default List<PresenceStage> presenceStages() {
    return List.of();
  }

  /** Observers of presence from others as it reaches the account's resources. */
  default List<InboundPresenceObserver> presenceObservers() {
    return List.of();
  }

  /** What runs when a resource logs in (its initial presence, see {@link LoginHook}). */
  default List<LoginHook> loginHooks() {
    return List.of();
  }

  default List<ServerIqHandler> serverIq() {
    return this instanceof ServerIqHandler self ? List.of(self) : List.of();
  }

  /**
   * Features the server's disco#info lists for what every account offers (clients look on the
   * domain for, say, {@code urn:xmpp:blocking} before they use it).
   */
  default List<String> serverFeatures() {
    return List.of();
  }

  /** Handlers of IQ responses to requests this module sends for accounts. */
  default List<IqResponseHandler> iqResponses() {
    return List.of();
  }

  /**
   * The account {@code user} was deleted, or created again under the same name: whatever the
   * module stores for it outside the entity's journal (an archive) must go. Must not block.
   */
  default void accountRemoved(EntityBareJid user) {}
}

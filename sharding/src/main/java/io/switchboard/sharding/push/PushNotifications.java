package io.switchboard.sharding.push;

import io.switchboard.sharding.module.IqResponseHandler;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import java.util.List;

/**
 * XEP-0357 push notifications: registrations ({@link PushIq}), notifications when a message finds
 * no connected device ({@link PushNotifier}) and the app servers' answers to them. Registered only
 * when {@code switchboard.push.enabled}; then accounts announce {@code urn:xmpp:push:0}.
 */
public final class PushNotifications implements Module {
  private final PushIq iq;
  private final PushNotifier notifier;

  public PushNotifications(PushSettings settings) {
    this.iq = new PushIq(settings);
    this.notifier = new PushNotifier(settings);
  }

  @Override
  public String name() {
    return "XEP-0357 push notifications";
  }

  @Override
  public List<AccountIqHandler> accountIq() {
    return List.of(iq);
  }

  @Override
  public List<DeliveryStage> deliveryStages() {
    return List.of(notifier);
  }

  @Override
  public List<IqResponseHandler> iqResponses() {
    return List.of(notifier);
  }
}

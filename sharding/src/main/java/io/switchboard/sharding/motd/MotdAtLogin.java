package io.switchboard.sharding.motd;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.LoginHook;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the domain's message of the day to a resource when it logs in: once per login, after its
 * initial presence ({@link LoginHook}; an XEP-0198 resumption is no login), as a headline message
 * from the domain (not stored offline, not archived: a resource gone before it arrives gets it at
 * its next login). Users online when the text is set do not get it until they log in again.
 *
 * <p>The text is read asynchronously ({@link MotdTexts}, normally the node's {@link CachedMotd}),
 * and the message goes out on the entity's thread only if the same connection is still bound,
 * available and not parked. A failed read costs that login its message, nothing else.
 */
public final class MotdAtLogin implements Module, LoginHook {
  private static final Logger log = LoggerFactory.getLogger(MotdAtLogin.class);

  private final MotdTexts texts;

  public MotdAtLogin(MotdTexts texts) {
    this.texts = texts;
  }

  @Override
  public String name() {
    return "XEP-0133 message of the day (sent at login)";
  }

  @Override
  public List<LoginHook> loginHooks() {
    return List.of(this);
  }

  @Override
  public void loggedIn(SessionContext ctx, Account state, Resource resource) {
    String name = resource.name();
    String bare = ctx.bare();
    ActorRef<?> connection = resource.connection();
    ctx.pipeToSelf(texts.current(ctx.user().asDomainBareJid()), (text, failure) -> {
      if (failure != null) {
        log.warn("{}: message of the day not read: {}", bare, failure.toString());
        return new Send(name, connection, Optional.empty());
      }
      return new Send(name, connection, text);
    });
  }

  /** The message of the day {@code text} for {@code to}, from {@code domain}. */
  public static XmlElement message(String domain, String to, String text) {
    return XmlElement.builder("message", "jabber:client").attr("from", domain).attr("to", to)
        .attr("type", "headline").textChild("body", text).build();
  }

  /** Back on the entity: the text read for the login of {@code resource} on {@code connection}. */
  record Send(String resource, ActorRef<?> connection, Optional<String> text) implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      Resource r = ctx.resources().get(resource);
      if (text.isEmpty() || r == null || !r.available() || !r.connection().equals(connection)
          || ctx.resources().isParked(resource)) {
        return Outcome.none();
      }
      ctx.deliver(r, message(ctx.domain(), ctx.full(resource), text.get()));
      return Outcome.none();
    }
  }
}

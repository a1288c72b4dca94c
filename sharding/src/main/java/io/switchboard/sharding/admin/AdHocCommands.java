package io.switchboard.sharding.admin;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0050 ad-hoc commands at the server's domain, running the XEP-0133 service administration
 * commands for the admins of {@link AdminSettings}: the commands node lists them (to admins only),
 * {@code <command/>} requests go through {@link CommandLogic} and the resulting operation to
 * {@link AdminOperations}. Sessions waiting for a form are kept in {@link CommandSessions}.
 */
public final class AdHocCommands implements Module, ServerIqHandler {
  private static final Logger log = LoggerFactory.getLogger(AdHocCommands.class);

  private final DomainBareJid domain;
  private final AdminSettings settings;
  private final CommandSessions sessions;
  private final AdminOperations operations;

  public AdHocCommands(DomainBareJid domain, AdminSettings settings, AdminOperations operations, Clock clock) {
    this.domain = domain;
    this.settings = settings;
    this.operations = operations;
    this.sessions = new CommandSessions(settings.maxSessions(), settings.maxSessionsPerAdmin(),
        settings.sessionTimeout(), clock);
  }

  @Override
  public String name() {
    return "XEP-0050 ad-hoc commands (XEP-0133 service administration)";
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.COMMANDS);
  }

  /** Never called: the server asks {@link #answerLater}. */
  @Override
  public XmlElement answer(XmlElement iq, XmlElement payload) {
    throw new UnsupportedOperationException("asynchronous: see answerLater");
  }

  @Override
  public CompletionStage<XmlElement> answerLater(XmlElement iq, XmlElement payload) {
    if (!"set".equals(iq.attr("type")) || !payload.name().equals("command")) {
      return done(CommandXml.error(iq, new CommandLogic.Step.Refuse(StanzaErrorCondition.BAD_REQUEST, null,
          "a command is an IQ set of <command/>")));
    }
    Jid from = Jids.parse(iq.attr("from")).orElse(null);
    String owner = String.valueOf(from);
    CommandRequest request = CommandRequest.parse(payload);
    CommandSessions.Lookup lookup = request.sessionId() == null
        ? CommandSessions.Lookup.Unknown.INSTANCE : sessions.lookup(request.sessionId(), owner);
    CommandLogic.Step step = CommandLogic.decide(request, settings.isAdmin(from), lookup, domain,
        settings.maxListed());
    if (step instanceof CommandLogic.Step.Refuse r) {
      if (r.condition() == StanzaErrorCondition.FORBIDDEN) {
        log.info("{} is not an admin: refused {}", owner, request.node());
      }
      return done(CommandXml.error(iq, r));
    }
    if (step instanceof CommandLogic.Step.Open o) {
      Optional<CommandSessions.Session> s = sessions.open(o.command(), owner);
      if (s.isEmpty()) {
        return done(CommandXml.error(iq, new CommandLogic.Step.Refuse(StanzaErrorCondition.RESOURCE_CONSTRAINT, null,
            "too many command sessions open")));
      }
      // The form may be filled per request (edit-motd's current text); a failed read closes the session.
      return operations.form(o.command()).whenComplete((form, failure) -> {
        if (failure != null) {
          sessions.close(s.get().id());
        }
      }).thenApply(form -> CommandXml.executing(iq, o.command(), s.get().id(), form));
    }
    if (step instanceof CommandLogic.Step.Cancel c) {
      sessions.close(c.sessionId());
      return done(CommandXml.canceled(iq, c.command(), c.sessionId()));
    }
    CommandLogic.Step.Run run = (CommandLogic.Step.Run) step;
    if (run.sessionId() != null) {
      sessions.close(run.sessionId());
    }
    String sessionId = run.sessionId() != null ? run.sessionId() : CommandSessions.newId();
    log.info("admin {} runs {}", owner, run.operation());
    return operations.run(run.operation()).thenApply(outcome -> outcome.error() != null
        ? CommandXml.error(iq, outcome.error())
        : CommandXml.completed(iq, run.command(), sessionId, outcome.note(), outcome.warn(), outcome.form()));
  }

  @Override
  public Optional<XmlElement> discoItems(XmlElement iq, String node) {
    if (!Namespaces.COMMANDS.equals(node)) {
      return Optional.empty();
    }
    Jid from = Jids.parse(iq.attr("from")).orElse(null);
    List<AdminCommand> visible = settings.isAdmin(from) ? Arrays.asList(AdminCommand.values()) : List.of();
    return Optional.of(CommandXml.items(iq, domain.toString(), visible));
  }

  /**
   * XEP-0050 §2.3: a command's node answers with the command-node identity and the commands and
   * data-forms features, to admins; to others it does not exist.
   */
  @Override
  public Optional<XmlElement> discoInfo(XmlElement iq, String node) {
    Optional<AdminCommand> command = AdminCommand.ofNode(node);
    if (command.isEmpty()) {
      return Optional.empty();
    }
    if (!settings.isAdmin(Jids.parse(iq.attr("from")).orElse(null))) {
      return Optional.of(CommandXml.error(iq, new CommandLogic.Step.Refuse(StanzaErrorCondition.ITEM_NOT_FOUND,
          null, null)));
    }
    return Optional.of(CommandXml.info(iq, command.get()));
  }

  private static CompletionStage<XmlElement> done(XmlElement reply) {
    return CompletableFuture.completedFuture(reply);
  }
}

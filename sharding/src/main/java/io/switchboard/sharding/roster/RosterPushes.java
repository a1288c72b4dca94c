package io.switchboard.sharding.roster;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.List;

/**
 * What goes from one account's roster to its own clients: roster pushes (RFC 6121 §2.1.6) and
 * other pushed IQs, and the results of roster removals that wait for the contact's entity
 * ({@link RosterAnswers}). One per entity; the waiting results are created by the first removal.
 */
public final class RosterPushes {
  /**
   * How long a roster removal's result waits for the contact's entity; a contact whose entity is
   * moving or gone does not hold it longer.
   */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

  /** A roster removal's result stops waiting for the contact's receipt. */
  public record AnswerDue(long seq) implements UserSession.Command {}

  private final SessionContext ctx;
  private long pushCounter;
  /**
   * Removal results waiting for the contact's entity; null until the first removal, then kept
   * (its map is empty between removals), so a late receipt never meets a reused number.
   */
  private RosterAnswers answers;

  public RosterPushes(SessionContext ctx) {
    this.ctx = ctx;
  }

  /** A roster push of {@code item} to every resource that requested the roster. */
  public void push(Account state, XmlElement item) {
    XmlElement query = XmlElement.builder("query", Namespaces.ROSTER)
        .attr("ver", String.valueOf(state.rosterVersion()))
        .child(item)
        .build();
    for (Resource r : ctx.resources().all()) {
      if (r.interested()) {
        ctx.deliver(r, pushIq(r, query));
      }
    }
  }

  /** A push for every roster item among {@code events}. */
  public void pushChanged(List<UserSession.Event> events, Account state) {
    for (UserSession.Event e : events) {
      if (e instanceof RosterItemSaved saved) {
        push(state, RosterXml.item(saved.item()));
      }
    }
  }

  /** A server-initiated IQ set carrying {@code payload} to resource {@code r}. */
  public XmlElement pushIq(Resource r, XmlElement payload) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("to", ctx.full(r.name()))
        .attr("id", "push-" + ctx.self().path().uid() + "-" + (++pushCounter))
        .attr("type", "set")
        .child(payload)
        .build();
  }

  /**
   * Routes {@code stanzas} to one contact, in order, and delivers {@code result} once the
   * contact's entity handled the last of them, or after {@link #ANSWER_WAIT}. A remote contact's
   * router acknowledges at once.
   */
  void answerAfter(List<XmlElement> stanzas, XmlElement result) {
    if (stanzas.isEmpty()) {
      ctx.deliverLocal(result);
      return;
    }
    for (int i = 0; i < stanzas.size() - 1; i++) {
      ctx.routing().route(stanzas.get(i));
    }
    if (answers == null) {
      answers = new RosterAnswers();
    }
    long seq = answers.hold(result);
    ctx.routing().route(stanzas.get(stanzas.size() - 1), new Receipt(ctx.receipts(), seq));
    ctx.scheduleOnce(ANSWER_WAIT, new AnswerDue(seq));
  }

  /** A receipt came back: returns true if it was one of a waiting removal's (its result goes out). */
  public boolean acknowledged(long seq) {
    if (!RosterAnswers.owns(seq)) {
      return false;
    }
    release(seq);
    return true;
  }

  public void onAnswerDue(AnswerDue due) {
    release(due.seq());
  }

  private void release(long seq) {
    XmlElement result = answers == null ? null : answers.release(seq);
    if (result != null) {
      ctx.deliverLocal(result);
    }
  }

  /** The entity stops: the removals are journaled, so their results go now rather than be lost. */
  public void releaseAll() {
    if (answers != null) {
      answers.releaseAll().forEach(ctx::deliverLocal);
    }
  }
}

package io.switchboard.node.stream;

import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.xml.XmlElement;
import org.jxmpp.jid.EntityBareJid;

/**
 * How a {@link SaslExchange}'s messages go on the wire and what follows success: RFC 6120 §6
 * ({@code <success/>}, then a stream restart) or XEP-0388 ({@link Sasl2Exchange}: inline steps,
 * then {@code <success/>} with their results, no restart).
 */
interface SaslFraming {

  /** The namespace of the client's {@code <response/>} and {@code <abort/>}. */
  String namespace();

  XmlElement challenge(byte[] data);

  XmlElement failure(SaslStep.Failure failure);

  /**
   * The mechanism accepted {@code user}; called on the stream's thread, while the stream is busy,
   * so anything asynchronous here may call {@link ClientStream#busy()} itself.
   */
  void succeeded(EntityBareJid user, byte[] additionalData);

  /** RFC 6120 §6. */
  static SaslFraming rfc6120(ClientStream stream) {
    return new SaslFraming() {
      @Override
      public String namespace() {
        return io.switchboard.protocol.Namespaces.SASL;
      }

      @Override
      public XmlElement challenge(byte[] data) {
        return new SaslStep.Challenge(data).toElement();
      }

      @Override
      public XmlElement failure(SaslStep.Failure failure) {
        return failure.toElement();
      }

      @Override
      public void succeeded(EntityBareJid user, byte[] additionalData) {
        stream.transport.send(new SaslStep.Success(additionalData, user.getLocalpart().toString()).toElement());
        stream.authenticated(user);
      }
    };
  }
}

package io.switchboard.node.stream;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * Something a client stream offers once a resource is bound, beyond RFC 6120 and XEP-0198: the
 * stream features it announces after authentication, and the top-level elements (nonzas) it
 * handles on a bound stream. Registered once per node ({@link StreamServices#extensions()}); one
 * instance serves every stream, so what it keeps per stream lives on the {@link ClientSession}.
 */
public interface StreamExtension {

  /** Features announced after authentication. */
  List<XmlElement> features();

  /**
   * Handles {@code nonza} on the bound {@code session}'s stream, on the stream's thread, before
   * the stream reads its next element. Returns false when it is not one of this extension's.
   */
  boolean onNonza(ClientSession session, XmlElement nonza);
}

package io.switchboard.persistence.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until Cassandra answers a real CQL query, {@code SELECT release_version FROM system.local},
 * on a loopback port (the containers run with host networking, so there is no mapped port).
 *
 * <p>It speaks the native protocol (v4) itself: STARTUP, then one QUERY, so it needs no driver on
 * the class path of the module that uses it (deploy-tests has none).
 */
public final class CqlWaitStrategy extends AbstractWaitStrategy {
  private static final int VERSION_4 = 0x04;
  private static final int OP_ERROR = 0x00;
  private static final int OP_STARTUP = 0x01;
  private static final int OP_READY = 0x02;
  private static final int OP_QUERY = 0x07;
  private static final int OP_RESULT = 0x08;
  private static final int RESULT_ROWS = 0x0002;
  private static final int CONSISTENCY_ONE = 0x0001;

  private final int port;
  private volatile String releaseVersion;

  public CqlWaitStrategy(int port) {
    this.port = port;
  }

  /** The version the last successful probe read. */
  public String releaseVersion() {
    return releaseVersion;
  }

  @Override
  protected void waitUntilReady() {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!waitStrategyTarget.isRunning()) {
        throw new ContainerLaunchException("Cassandra container stopped while starting: "
            + waitStrategyTarget.getLogs());
      }
      try {
        Optional<String> version = releaseVersion("127.0.0.1", port);
        if (version.isPresent()) {
          releaseVersion = version.get();
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerLaunchException("interrupted while waiting for CQL", e);
      }
    }
    throw new ContainerLaunchException("CQL did not answer on 127.0.0.1:" + port + " within "
        + startupTimeout.toSeconds() + " s (" + last + ")");
  }

  /** One probe: the release version, or empty when the server answered with an error. */
  public static Optional<String> releaseVersion(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());

      ByteArrayOutputStream startup = new ByteArrayOutputStream();
      DataOutputStream b = new DataOutputStream(startup);
      b.writeShort(1); // [string map] of one entry
      writeString(b, "CQL_VERSION");
      writeString(b, "3.0.0");
      frame(out, 0, OP_STARTUP, startup.toByteArray());
      if (readFrame(in).opcode() != OP_READY) {
        return Optional.empty();
      }

      ByteArrayOutputStream query = new ByteArrayOutputStream();
      DataOutputStream q = new DataOutputStream(query);
      byte[] cql = "SELECT release_version FROM system.local".getBytes(StandardCharsets.UTF_8);
      q.writeInt(cql.length); // [long string]
      q.write(cql);
      q.writeShort(CONSISTENCY_ONE);
      q.writeByte(0); // no query flags
      frame(out, 1, OP_QUERY, query.toByteArray());
      Frame result = readFrame(in);
      if (result.opcode() != OP_RESULT) {
        return Optional.empty();
      }
      return firstCell(new DataInputStream(new java.io.ByteArrayInputStream(result.body())));
    }
  }

  private record Frame(int opcode, byte[] body) {}

  private static void frame(DataOutputStream out, int stream, int opcode, byte[] body) throws IOException {
    out.writeByte(VERSION_4);
    out.writeByte(0); // flags
    out.writeShort(stream);
    out.writeByte(opcode);
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  private static Frame readFrame(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if ((version & 0x7f) != VERSION_4) {
      throw new IOException("unexpected protocol version byte 0x" + Integer.toHexString(version));
    }
    in.readUnsignedByte(); // flags
    in.readShort(); // stream
    int opcode = in.readUnsignedByte();
    int length = in.readInt();
    if (length < 0 || length > 1 << 20) {
      throw new IOException("frame length " + length);
    }
    byte[] body = new byte[length];
    in.readFully(body);
    if (opcode == OP_ERROR) {
      DataInputStream err = new DataInputStream(new java.io.ByteArrayInputStream(body));
      int code = err.readInt();
      throw new IOException("CQL error 0x" + Integer.toHexString(code) + ": " + readString(err));
    }
    return new Frame(opcode, body);
  }

  /** The first cell of a Rows result whose first column is a text type. */
  private static Optional<String> firstCell(DataInputStream r) throws IOException {
    if (r.readInt() != RESULT_ROWS) {
      return Optional.empty();
    }
    int flags = r.readInt();
    int columns = r.readInt();
    boolean globalSpec = (flags & 0x0001) != 0;
    if ((flags & 0x0002) != 0) { // has_more_pages: a paging state follows
      skipBytes(r);
    }
    if ((flags & 0x0004) == 0) { // not no_metadata
      if (globalSpec) {
        readString(r);
        readString(r);
      }
      for (int i = 0; i < columns; i++) {
        if (!globalSpec) {
          readString(r);
          readString(r);
        }
        readString(r); // column name
        r.readShort(); // type id: text (0x000D) or varchar; nothing nested for those
      }
    }
    int rows = r.readInt();
    if (rows < 1 || columns < 1) {
      return Optional.empty();
    }
    int length = r.readInt();
    if (length < 0) {
      return Optional.empty();
    }
    byte[] cell = new byte[length];
    r.readFully(cell);
    return Optional.of(new String(cell, StandardCharsets.UTF_8));
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readUnsignedShort()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skipBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n > 0) {
      in.readFully(new byte[n]);
    }
  }
}

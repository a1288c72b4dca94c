package io.switchboard.node.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.node.process.NodeProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Converse.js (npm {@code converse.js}, pinned in {@code node/src/test/js/converse/package-lock.json})
 * served from a test page on its own loopback port, as a web site embedding it would: the page's
 * origin differs from the XMPP server's HTTP port, so the Origin allow-list and BOSH's CORS are
 * exercised. The npm package is installed on first use ({@code npm ci}); without npm the test is
 * skipped, or fails when {@code SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1}.
 */
final class ConverseTestPage implements AutoCloseable {
  static final Path PACKAGE = NodeProcess.REPO.resolve("node/src/test/js/converse");
  static final Path DIST = PACKAGE.resolve("node_modules/converse.js/dist");

  private final HttpServer server;
  private volatile String config = "{}";

  private ConverseTestPage(HttpServer server) {
    this.server = server;
  }

  static ConverseTestPage start() throws Exception {
    ensureInstalled();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    ConverseTestPage page = new ConverseTestPage(server);
    server.createContext("/", page::serve);
    server.start();
    return page;
  }

  /** The page's origin (allow it in switchboard.web.allowed-origins). */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The page's URL, initialising Converse with {@code settings} (a JavaScript object literal). */
  String url(String settings) {
    this.config = settings;
    return origin() + "/index.html?t=" + System.nanoTime();
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    byte[] body;
    String type;
    if (path.equals("/") || path.equals("/index.html")) {
      body = page().getBytes(StandardCharsets.UTF_8);
      type = "text/html; charset=utf-8";
    } else if (path.startsWith("/dist/") && !path.contains("..")) {
      Path file = DIST.resolve(path.substring("/dist/".length()));
      if (!Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      body = Files.readAllBytes(file);
      type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css"
          : path.endsWith(".json") ? "application/json" : path.endsWith(".wasm") ? "application/wasm"
          : path.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
    } else {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private String page() {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Switchboard + Converse.js</title>
          <link rel="stylesheet" type="text/css" media="screen" href="/dist/converse.min.css">
        </head>
        <body class="converse-fullscreen">
        <script type="module">
          import converse from '/dist/converse.min.js';
          converse.initialize(Object.assign({
            assets_path: '/dist/',
            view_mode: 'fullscreen',
            i18n: 'en',
            locales: ['en'],
            authentication: 'login',
            auto_login: true,
            auto_reconnect: false,
            discover_connection_methods: false,
            autocomplete_providers_url: '',
            play_sounds: false,
            show_desktop_notifications: false,
            omemo_default: false,
            loglevel: 'debug'
          }, %s));
        </script>
        </body>
        </html>
        """.formatted(config);
  }

  private static void ensureInstalled() throws Exception {
    if (Files.isRegularFile(DIST.resolve("converse.min.js"))) {
      return;
    }
    Path npm = Path.of("/usr/bin/npm");
    boolean required = "1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"));
    if (!Files.isExecutable(npm)) {
      if (required) {
        throw new AssertionError("npm is required for the Converse.js test: apt-get install npm");
      }
      Assumptions.abort("npm is not installed; Converse.js cannot be installed");
    }
    Process p = new ProcessBuilder(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--ignore-scripts"))
        .directory(PACKAGE.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(DIST.resolve("converse.min.js"))) {
      throw new AssertionError("npm ci in " + PACKAGE + " failed:\n" + out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

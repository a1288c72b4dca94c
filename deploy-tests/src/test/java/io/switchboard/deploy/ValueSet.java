package io.switchboard.deploy;

/** The value sets the chart is rendered with in the tests (files under src/test/resources/values). */
enum ValueSet {
  /** values.yaml as shipped: external Cassandra at cassandra:9042, self-signed TLS, no HPA. */
  DEFAULTS(null),
  /** External Cassandra with credentials, TLS from an existing Secret, HPA, lease-majority. */
  PRODUCTION("production.yaml"),
  /** The bundled single-node Cassandra and changed LoadBalancer ports. */
  TRIAL("trial.yaml");

  private final String file;

  ValueSet(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }
}

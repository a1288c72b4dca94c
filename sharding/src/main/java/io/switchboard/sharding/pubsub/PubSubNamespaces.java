package io.switchboard.sharding.pubsub;

/** XEP-0060, XEP-0004 and XEP-0059 namespaces and form types. */
final class PubSubNamespaces {
  static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  static final String OWNER = PUBSUB + "#owner";
  static final String EVENT = PUBSUB + "#event";
  static final String ERRORS = PUBSUB + "#errors";
  static final String NODE_CONFIG = PUBSUB + "#node_config";
  static final String SUBSCRIBE_OPTIONS = PUBSUB + "#subscribe_options";
  static final String PUBLISH_OPTIONS = PUBSUB + "#publish-options";
  static final String SUBSCRIBE_AUTHORIZATION = PUBSUB + "#subscribe_authorization";
  static final String META_DATA = PUBSUB + "#meta-data";
  static final String DATA = "jabber:x:data";
  static final String RSM = "http://jabber.org/protocol/rsm";
  static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
  static final String CLIENT = "jabber:client";

  private PubSubNamespaces() {}
}

package io.switchboard.protocol.xml;

/** A node of the immutable XML model: an element or a run of character data. */
public sealed interface XmlNode permits XmlElement, XmlText {}

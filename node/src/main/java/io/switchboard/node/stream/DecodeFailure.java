package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamError;

/** The decoder refused the input; the stream must end with this error (RFC 6120 §4.9). */
public record DecodeFailure(StreamError error) {}

package io.switchboard.sharding.feed;

/**
 * A conditional GET of {@code url}: {@code etag} goes in {@code If-None-Match},
 * {@code lastModified} in {@code If-Modified-Since}; null when not known (an unconditional GET).
 */
public record FetchRequest(String url, String etag, String lastModified) {}

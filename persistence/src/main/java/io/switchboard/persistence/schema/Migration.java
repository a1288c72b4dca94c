package io.switchboard.persistence.schema;

import java.util.List;
import java.util.Objects;

/**
 * One schema version: CQL statements that are each idempotent on their own ({@code IF NOT
 * EXISTS}), so a migration interrupted half-way is simply run again.
 */
public record Migration(int version, String description, List<String> statements) {
  public Migration {
    Objects.requireNonNull(description, "description");
    statements = List.copyOf(statements);
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive");
    }
  }
}

package io.switchboard.persistence.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(RequiresDocker.class)}: the class is reported as skipped where no Docker
 * daemon answers, unless {@code SWITCHBOARD_REQUIRE_DOCKER=1}, where it runs and
 * {@link Docker#assumeAvailable()} fails it.
 */
public final class RequiresDocker implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate();
  }

  static ConditionEvaluationResult evaluate() {
    if (Docker.required()) {
      return ConditionEvaluationResult.enabled(Docker.REQUIRE_ENV + "=1");
    }
    Optional<String> missing = Docker.missingDaemon();
    return missing.map(ConditionEvaluationResult::disabled)
        .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker daemon answers"));
  }
}

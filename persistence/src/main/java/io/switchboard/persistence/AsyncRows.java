package io.switchboard.persistence;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Helpers for the stores: read every page of an asynchronous result without blocking. */
public final class AsyncRows {
  private AsyncRows() {}

  /** Maps every row of every page, stopping after {@code limit} rows. */
  public static <T> CompletionStage<List<T>> collect(
      CompletionStage<AsyncResultSet> first, int limit, Function<Row, T> mapper) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    List<T> out = new ArrayList<>();
    first.whenComplete((rs, e) -> onPage(rs, e, out, limit, mapper, result));
    return result;
  }

  private static <T> void onPage(AsyncResultSet rs, Throwable e, List<T> out, int limit,
      Function<Row, T> mapper, CompletableFuture<List<T>> result) {
    if (e != null) {
      result.completeExceptionally(e);
      return;
    }
    try {
      for (Row row : rs.currentPage()) {
        if (out.size() >= limit) {
          break;
        }
        out.add(mapper.apply(row));
      }
      if (out.size() < limit && rs.hasMorePages()) {
        rs.fetchNextPage().whenComplete((next, e2) -> onPage(next, e2, out, limit, mapper, result));
      } else {
        result.complete(out);
      }
    } catch (RuntimeException ex) {
      result.completeExceptionally(ex);
    }
  }
}

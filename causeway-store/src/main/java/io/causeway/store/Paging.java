package io.causeway.store;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;

/** Page queries: the rows of one page and the total, read in one transaction so they agree. */
final class Paging {
  private Paging() {}

  /**
   * Oldest first, the order of every list but the audit log's.
   *
   * @param scope a fixed condition with named parameters, e.g. {@code organization_id = :org}
   */
  static <T> Page<T> page(
      Db db,
      String table,
      String scope,
      Map<String, ?> scopeParams,
      Sql.Conditions conditions,
      PageRequest page,
      RowMapper<T> mapper) {
    return page(db, table, scope, scopeParams, conditions, "created_at, id", page, mapper);
  }

  /**
   * @param scope a fixed condition with named parameters, e.g. {@code organization_id = :org}
   * @param orderBy the columns the page is cut from, unique together so pages never overlap
   */
  static <T> Page<T> page(
      Db db,
      String table,
      String scope,
      Map<String, ?> scopeParams,
      Sql.Conditions conditions,
      String orderBy,
      PageRequest page,
      RowMapper<T> mapper) {
    String where = " WHERE " + scope + conditions.sql();
    return db.write(
        h -> {
          long total =
              conditions
                  .bindTo(h.createQuery("SELECT COUNT(*) FROM " + table + where))
                  .bindMap(scopeParams)
                  .mapTo(Long.class)
                  .one();
          List<T> items =
              conditions
                  .bindTo(
                      h.createQuery(
                          "SELECT * FROM " + table + where
                              + " ORDER BY " + orderBy
                              + " OFFSET " + page.offset() + " ROWS"
                              + " FETCH FIRST " + page.size() + " ROWS ONLY"))
                  .bindMap(scopeParams)
                  .map(mapper)
                  .list();
          return new Page<>(items, total, page);
        });
  }
}

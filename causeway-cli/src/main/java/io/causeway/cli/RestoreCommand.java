package io.causeway.cli;

import io.causeway.store.Backup;
import io.causeway.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code causeway restore FILE}: the store as {@code backup} wrote it (docs/operations.md). */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a store from FILE (written by backup) into an empty store, with every control"
          + " plane on it stopped: a new H2 --data-dir or an empty PostgreSQL database. The"
          + " schema is created at the backup's version, the rows written in one transaction,"
          + " then migrated to this build's version.",
      "",
      "Example:",
      "  ./causeway restore --data-dir ./restored-data causeway-backup.jsonl"
    })
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreLocation store;

  @Parameters(index = "0", paramLabel = "FILE", description = "A file written by backup.")
  Path file;

  @Option(
      names = "--force",
      description = "Replace every row of a store that is not empty (same schema version only).")
  boolean force;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw CliException.usage("restore: " + file + " is not a file (expected: a backup)");
    }
    Backup.Dump dump = BackupFile.read(file);
    Backup.Restored restored;
    try {
      restored = Backup.restore(store.settings(), dump, force);
    } catch (StoreException e) {
      throw CliException.api("restore: " + e.getMessage());
    }
    int rows = restored.rows().values().stream().mapToInt(Integer::intValue).sum();
    spec.commandLine().getOut().printf("Restored %d rows in %d tables (schema version %s) into"
        + " %s%s%n", rows, restored.rows().size(), restored.schemaVersion(), store.describe(),
        restored.replaced() ? ", replacing its previous rows" : "");
    return 0;
  }
}

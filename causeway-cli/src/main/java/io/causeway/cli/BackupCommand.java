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

/** {@code causeway backup FILE}: a portable copy of the store (docs/operations.md). */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copy every row of the store into FILE (JSON lines with the schema version; mode 0600,"
          + " it holds token digests). PostgreSQL is read in one consistent snapshot while"
          + " control planes run; the embedded H2 store must be backed up with its control"
          + " plane stopped.",
      "",
      "Example:",
      "  ./causeway backup causeway-backup.jsonl",
      "  ./causeway backup \\",
      "      --database-url jdbc:postgresql://127.0.0.1:5432/causeway \\",
      "      cw.jsonl"
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreLocation store;

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write.")
  Path file;

  @Option(names = "--force", description = "Replace FILE if it exists.")
  boolean force;

  @Override
  public Integer call() {
    if (store.databaseUrl.isEmpty()
        && !Files.exists(store.dataDir.resolve("causeway.mv.db"))) {
      throw CliException.api("backup: no H2 store in " + store.dataDir
          + " (expected: the --data-dir of a control plane that has run, or --database-url)");
    }
    Backup.Dump dump;
    try {
      dump = Backup.export(store.settings());
    } catch (StoreException e) {
      throw CliException.api("backup: " + e.getMessage());
    }
    BackupFile.write(file, dump, store.database(), force);
    int rows = dump.rowCounts().values().stream().mapToInt(Integer::intValue).sum();
    spec.commandLine().getOut().printf("Backed up %d rows in %d tables (schema version %s) from"
        + " %s to %s (mode 0600: it holds token digests)%n", rows, dump.tables().size(),
        dump.schemaVersion(), store.describe(), file);
    return 0;
  }
}

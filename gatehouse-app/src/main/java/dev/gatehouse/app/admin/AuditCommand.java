package dev.gatehouse.app.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Query the audit log, newest first.")
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--from", paramLabel = "INSTANT", description = "ISO-8601 instant, e.g. 2025-01-31T00:00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT")
    String to;

    @Option(names = "--subject", paramLabel = "ID", description = "user id (subject)")
    String subject;

    @Option(names = "--type", paramLabel = "TYPE", description = "event type, e.g. login.failed")
    String type;

    @Option(names = "--limit", defaultValue = "100")
    int limit;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from);
        query.put("to", to);
        query.put("subject", subject);
        query.put("type", type);
        query.put("limit", Integer.toString(limit));
        admin.print(admin.client().get("/audit", query));
        return 0;
    }
}

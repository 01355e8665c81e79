package dev.gatehouse.server.admin;

import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2AdminFieldBoundsTest extends AdminFieldBoundsContract {
    @TempDir
    static Path dataDir;

    @Override
    TestIssuer startIssuer() {
        return TestIssuer.start(dataDir);
    }
}

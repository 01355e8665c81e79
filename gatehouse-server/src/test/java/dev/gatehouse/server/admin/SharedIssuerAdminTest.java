package dev.gatehouse.server.admin;

import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One issuer and one signed-in administrator shared by every test of a class. */
abstract class SharedIssuerAdminTest {
    @TempDir
    static Path dataDir;
    static TestIssuer issuer;
    static AdminApi api;

    @BeforeAll
    static void startIssuer() {
        issuer = TestIssuer.start(dataDir);
        api = AdminApi.asNewAdmin(issuer);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }
}

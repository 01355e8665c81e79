package dev.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.app.config.Setting;
import dev.gatehouse.server.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keeps the README's configuration table and endpoint list true to the code. */
class DocumentationTest {
    private static final Path README = Path.of("..", "README.md");

    @ParameterizedTest
    @EnumSource(Setting.class)
    void everySettingHasItsRowInTheReadmeTable(Setting setting) throws IOException {
        List<String> rows = Files.readAllLines(README).stream()
                .filter(l -> l.startsWith("|") && l.contains("`" + setting.envVar() + "`"))
                .toList();

        assertThat(rows).as("row for %s", setting.envVar()).hasSize(1);
        String row = rows.getFirst();
        String[] cells = row.split("\\|");
        assertThat(cells[2].trim()).isEqualTo(setting.allowedFrom(Setting.Source.FILE) ? "`" + setting.key() + "`" : "–");
        assertThat(cells[4].trim()).isEqualTo(setting.allowedFrom(Setting.Source.FLAG) ? "`" + setting.flag() + "`" : "–");
    }

    @Test
    void readmeListsEveryEndpoint() throws IOException {
        String readme = Files.readString(README);

        for (String path : List.of(Endpoints.AUTHORIZE, Endpoints.PAR, Endpoints.AUTHORIZE_SIGN_IN, Endpoints.END_SESSION,
                Endpoints.AUTHORIZE_CONSENT, Endpoints.TOKEN, Endpoints.REVOCATION, Endpoints.INTROSPECTION, Endpoints.USERINFO,
                Endpoints.JWKS, Endpoints.OIDC_DISCOVERY, Endpoints.AS_METADATA, Endpoints.LOGIN, Endpoints.LOGOUT,
                Endpoints.ADMIN, Endpoints.OPENAPI, Endpoints.LIVE, Endpoints.READY, Endpoints.METRICS)) {
            assertThat(readme).as(path).contains(path + "`");
        }
    }
}

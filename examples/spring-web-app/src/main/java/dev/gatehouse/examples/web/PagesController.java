package dev.gatehouse.examples.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Two pages: a home page with a sign-in link, and the signed-in person's name and ID token claims. */
@RestController
public class PagesController {
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(@AuthenticationPrincipal OidcUser user) {
        String body = user == null
                ? "<p>Not signed in.</p><p><a id=\"sign-in\" href=\"/me\">Sign in</a></p>"
                : "<p>Signed in as " + escape(displayName(user)) + ". <a href=\"/me\">Your claims</a></p>";
        return page("Example web application", body);
    }

    @GetMapping(value = "/me", produces = MediaType.TEXT_HTML_VALUE)
    public String me(@AuthenticationPrincipal OidcUser user, HttpServletRequest request) {
        StringBuilder claims = new StringBuilder("<table id=\"claims\"><tr><th>Claim</th><th>Value</th></tr>");
        for (Map.Entry<String, Object> claim : new TreeMap<>(user.getClaims()).entrySet()) {
            claims.append("<tr><td>").append(escape(claim.getKey())).append("</td><td class=\"").append(escape(claim.getKey()))
                    .append("\">").append(escape(String.valueOf(claim.getValue()))).append("</td></tr>");
        }
        claims.append("</table>");
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String logout = "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\""
                + escape(csrf.getParameterName()) + "\" value=\"" + escape(csrf.getToken()) + "\">"
                + "<button type=\"submit\" id=\"log-out\">Log out</button></form>";
        return page("Signed in", "<p id=\"signed-in-as\">Signed in as " + escape(displayName(user)) + "</p>"
                + claims + logout);
    }

    /** The name claim when the issuer releases it (scope profile), else the username, else the subject. */
    private static String displayName(OidcUser user) {
        if (user.getFullName() != null) {
            return user.getFullName();
        }
        if (user.getPreferredUsername() != null) {
            return user.getPreferredUsername();
        }
        return user.getSubject();
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}

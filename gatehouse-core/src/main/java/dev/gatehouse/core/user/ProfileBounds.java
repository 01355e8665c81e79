package dev.gatehouse.core.user;

import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bounds of a {@link UserProfile}, checked before it is stored, like {@link FieldBounds} for the other fields
 * of a user. Each maximum fits its column (V10__user_profile.sql); lengths count UTF-16 units, which is never
 * fewer than the characters a column counts. The admin API's OpenAPI document and docs/provisioning.md state the
 * same rules. Errors name the claim ({@code address.<member>} for the parts of the address).
 */
public final class ProfileBounds {
    /** name, given_name, family_name, middle_name, nickname, preferred_username, gender: VARCHAR(200). */
    public static final int TEXT_MAX = 200;
    /** profile, picture, website: VARCHAR(2000). */
    public static final int URL_MAX = 2000;
    /** email: VARCHAR(254), the longest address RFC 5321 can deliver to. */
    public static final int EMAIL_MAX = 254;
    /** locale: VARCHAR(64). */
    public static final int LOCALE_MAX = 64;
    /** phone_number: VARCHAR(64). */
    public static final int PHONE_MAX = 64;
    /** address.formatted and address.street_address: VARCHAR(1000), several lines. */
    public static final int ADDRESS_LINES_MAX = 1000;
    /** address.locality, address.region, address.country: VARCHAR(200); address.postal_code: VARCHAR(64). */
    public static final int POSTAL_CODE_MAX = 64;

    /** RFC 5322 dot-atom local part and a domain of at least two DNS labels. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64})*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** E.164 with optional visual separators, and an RFC 3966 extension (OpenID Connect Core 5.1). */
    private static final Pattern PHONE = Pattern.compile("\\+[0-9][0-9 ().-]*(;ext=[0-9]{1,10})?");
    private static final Pattern BIRTHDATE = Pattern.compile("[0-9]{4}(-[0-9]{2}-[0-9]{2})?");
    /** Control characters but tab; multi-line values also allow line breaks. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\t\\r\\n]]");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    public static final String EMAIL_RULE = "an e-mail address (local@domain.example) of at most " + EMAIL_MAX
            + " characters";
    public static final String PHONE_RULE = "an E.164 number starting with + and a country code, 7 to 15 digits, "
            + "spaces ( ) . - allowed, optionally ;ext=digits";
    public static final String BIRTHDATE_RULE = "YYYY-MM-DD or YYYY (0000 when the year is withheld)";
    public static final String URL_RULE = "an absolute http or https URL of at most " + URL_MAX + " characters";

    private ProfileBounds() {}

    /** @throws InvalidFieldException naming the first claim out of bounds */
    public static UserProfile check(UserProfile p) {
        text("name", p.name(), TEXT_MAX);
        text("given_name", p.givenName(), TEXT_MAX);
        text("family_name", p.familyName(), TEXT_MAX);
        text("middle_name", p.middleName(), TEXT_MAX);
        text("nickname", p.nickname(), TEXT_MAX);
        text("preferred_username", p.preferredUsername(), TEXT_MAX);
        url("profile", p.profile());
        url("picture", p.picture());
        url("website", p.website());
        email(p.email());
        text("gender", p.gender(), TEXT_MAX);
        birthdate(p.birthdate());
        zoneinfo(p.zoneinfo());
        locale(p.locale());
        phone(p.phoneNumber());
        if (p.address() != null) {
            UserProfile.Address a = p.address();
            lines("address.formatted", a.formatted());
            lines("address.street_address", a.streetAddress());
            text("address.locality", a.locality(), TEXT_MAX);
            text("address.region", a.region(), TEXT_MAX);
            text("address.postal_code", a.postalCode(), POSTAL_CODE_MAX);
            text("address.country", a.country(), TEXT_MAX);
        }
        return p;
    }

    private static void text(String field, String value, int max) {
        if (value != null) {
            bounded(field, value, max, CONTROL, "without control characters");
        }
    }

    private static void lines(String field, String value) {
        if (value != null) {
            bounded(field, value, ADDRESS_LINES_MAX, CONTROL_BUT_LINES, "without control characters but line breaks");
        }
    }

    private static void bounded(String field, String value, int max, Pattern forbidden, String rule) {
        if (value.isBlank() || value.length() > max || forbidden.matcher(value).find()) {
            throw new InvalidFieldException(field, "1-" + max + " characters, not only spaces, " + rule
                    + (value.length() > max ? ", got " + value.length() : ", got " + FieldBounds.quoted(value)));
        }
    }

    private static void url(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > URL_MAX) {
            throw new InvalidFieldException(field, URL_RULE + ", got " + value.length() + " characters");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new InvalidFieldException(field, URL_RULE + ", got " + FieldBounds.quoted(value));
    }

    private static void email(String value) {
        if (value != null && (value.length() > EMAIL_MAX || !EMAIL.matcher(value).matches())) {
            throw new InvalidFieldException("email", EMAIL_RULE + ", got " + FieldBounds.quoted(value));
        }
    }

    private static void phone(String value) {
        if (value == null) {
            return;
        }
        long digits = value.split(";", 2)[0].chars().filter(c -> c >= '0' && c <= '9').count();
        if (value.length() > PHONE_MAX || !PHONE.matcher(value).matches() || digits < 7 || digits > 15) {
            throw new InvalidFieldException("phone_number", PHONE_RULE + ", got " + FieldBounds.quoted(value));
        }
    }

    /** OpenID Connect Core 5.1: ISO 8601 YYYY-MM-DD, or YYYY alone; a year of 0000 means it is withheld. */
    private static void birthdate(String value) {
        if (value == null) {
            return;
        }
        if (BIRTHDATE.matcher(value).matches()) {
            if (value.length() == 4) {
                return;
            }
            // 0000-02-29 is a birthday like any other: a leap year stands in for the withheld one
            String dated = value.startsWith("0000") ? "2000" + value.substring(4) : value;
            try {
                LocalDate.parse(dated);
                return;
            } catch (DateTimeException e) {
                // refused below
            }
        }
        throw new InvalidFieldException("birthdate", BIRTHDATE_RULE + ", got " + FieldBounds.quoted(value));
    }

    private static void zoneinfo(String value) {
        if (value != null && !ZONES.contains(value)) {
            throw new InvalidFieldException("zoneinfo", "a time zone of the IANA database, such as Europe/Paris, got "
                    + FieldBounds.quoted(value));
        }
    }

    /** OpenID Connect Core 5.1: a BCP 47 language tag, such as en-US or fr-CA. */
    private static void locale(String value) {
        if (value == null) {
            return;
        }
        if (!value.isEmpty() && value.length() <= LOCALE_MAX && !value.contains("_")) {
            try {
                new Locale.Builder().setLanguageTag(value);
                return;
            } catch (IllformedLocaleException e) {
                // refused below
            }
        }
        throw new InvalidFieldException("locale", "a BCP 47 language tag of at most " + LOCALE_MAX
                + " characters, such as en-US, got " + FieldBounds.quoted(value));
    }
}

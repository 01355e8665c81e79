-- OpenID Connect Core 5.1 standard claims of a user, each NULL when unknown. Lengths as ProfileBounds checks
-- them; updated_at (the claim) is the row's updated_at, sub its id.
ALTER TABLE users ADD COLUMN name                  VARCHAR(200);
ALTER TABLE users ADD COLUMN given_name            VARCHAR(200);
ALTER TABLE users ADD COLUMN family_name           VARCHAR(200);
ALTER TABLE users ADD COLUMN middle_name           VARCHAR(200);
ALTER TABLE users ADD COLUMN nickname              VARCHAR(200);
ALTER TABLE users ADD COLUMN preferred_username    VARCHAR(200);
ALTER TABLE users ADD COLUMN profile_url           VARCHAR(2000);
ALTER TABLE users ADD COLUMN picture_url           VARCHAR(2000);
ALTER TABLE users ADD COLUMN website_url           VARCHAR(2000);
ALTER TABLE users ADD COLUMN email                 VARCHAR(254);
ALTER TABLE users ADD COLUMN email_verified        BOOLEAN;
ALTER TABLE users ADD COLUMN gender                VARCHAR(200);
ALTER TABLE users ADD COLUMN birthdate             VARCHAR(10);
ALTER TABLE users ADD COLUMN zoneinfo              VARCHAR(64);
ALTER TABLE users ADD COLUMN locale                VARCHAR(64);
ALTER TABLE users ADD COLUMN phone_number          VARCHAR(64);
ALTER TABLE users ADD COLUMN phone_number_verified BOOLEAN;
ALTER TABLE users ADD COLUMN address_formatted     VARCHAR(1000);
ALTER TABLE users ADD COLUMN address_street        VARCHAR(1000);
ALTER TABLE users ADD COLUMN address_locality      VARCHAR(200);
ALTER TABLE users ADD COLUMN address_region        VARCHAR(200);
ALTER TABLE users ADD COLUMN address_postal_code   VARCHAR(64);
ALTER TABLE users ADD COLUMN address_country       VARCHAR(200);

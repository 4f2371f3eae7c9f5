-- 007_named_person.sql (SQLite): K-1.2. When another organisation than the barnensbästa-ansvarig's takes the
-- initiative in Kronoberg, it informs the barnensbästa-ansvarig: the date it did, and who recorded it.
-- Must stay equivalent to the other backend's 007_named_person.sql.
ALTER TABLE cases ADD COLUMN named_person_informed_on TEXT;
ALTER TABLE cases ADD COLUMN named_person_informed_by INTEGER REFERENCES users (id);
-- K-1.2: at later meetings, responsibility passes to the organisation with the greatest responsibility for
-- the child; NULL: still the initiating organisation.
ALTER TABLE cases ADD COLUMN responsible_org_id INTEGER REFERENCES organisations (id);

-- 026_protected_identity.sql (PostgreSQL): issue 10 item 10, protected identity (skyddade personuppgifter). A child
-- or a guardian can be marked protected (sekretessmarkering, skyddad folkbokföring or fingerade
-- personuppgifter: Barnplan treats them alike), with whom the person is protected from: one or more of the
-- child's guardians, kept as their ids separated by spaces (guardians of the same child; "" for none). A
-- protected person's address, phone and e-mail are shown only to the case's initiating organisation
-- (docs/architecture.md "Protected identity"). Existing rows: nobody is protected.
-- children.protected_any: the child or one of its guardians is protected (written with every change).
-- Must stay equivalent to migrations/sqlite/026_protected_identity.sql.
ALTER TABLE children ADD COLUMN protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1));
ALTER TABLE children ADD COLUMN protected_from TEXT NOT NULL DEFAULT '';
-- the child or any of its guardians is protected: the pages' marker, read with the case's own row (no query)
ALTER TABLE children ADD COLUMN protected_any INTEGER NOT NULL DEFAULT 0 CHECK (protected_any IN (0, 1));
ALTER TABLE guardians ADD COLUMN protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1));
ALTER TABLE guardians ADD COLUMN protected_from TEXT NOT NULL DEFAULT '';
